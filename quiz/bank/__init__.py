"""The question-bank format: model, strict loader, validation and exporters. No Textual here."""
