"""The starter bank that ``quiz new`` writes: one commented example of every question type.

The text is a template rather than generated YAML so that its comments can teach the format
where a teacher reads it; a test loads it for every title and source a teacher may give.
"""

from __future__ import annotations

import json

from quiz.bank.nodes import slugify

MODELINE = "# yaml-language-server: $schema=bank.schema.json"

_TEMPLATE = """\
{modeline}
#
# A question bank for quiz. Check it with `quiz validate {name}` after each change, and
# with `quiz lint {name}` for the quality checks. Every key is described in the format's
# documentation (docs/bank-format.md); the line above lets editors with the YAML language
# server check the file as you type, against bank.schema.json beside it (`quiz schema`).
#
# Text is kept exactly as written. Put a value in quotes when it contains ": " or " #", or
# starts with one of [ {{ " ' * & ! | > % @ `.

title: {title}
id: {bank_id}              # progress is kept under this id: do not change it later
description: What this bank is about, in a sentence or two.
language: en
{source_line}
questions:
  # One right choice among several. Up to 9 choices can be picked with the keys 1-9.
  - id: example-choice
    type: choice
    prompt: What is the capital of France?
    choices: [Paris, Lyon, Marseille, Toulouse]
    answer: Paris
    explanation: Paris has been the capital since 987.   # shown after answering
    hint: It is also the largest city of France.         # shown on request
    tags: [examples]
{source_example}
  # Several right choices: partial credit for a partly right set.
  - id: example-multi
    type: multi
    prompt: Which of these countries border France?
    choices: [Belgium, Spain, Austria, Portugal]
    answers: [Belgium, Spain]

  # True or false: write true or false without quotes.
  - id: example-true-false
    type: true_false
    prompt: The Loire is the longest river in France.
    answer: true

  # A typed answer. Case and surrounding spaces do not matter; list other right spellings.
  - id: example-short
    type: short
    prompt: Which river flows through Paris?
    answer: Seine
    accept: [the Seine, La Seine]

  # A number, within a tolerance; the learner may type the unit after it.
  - id: example-numeric
    type: numeric
    prompt: How high is Mont Blanc, in metres?
    answer: 4806
    tolerance: 10
    unit: m

  # Fill in the blanks: {{{{answer}}}} or {{{{answer|alternative}}}} in the prompt.
  - id: example-cloze
    type: cloze
    prompt: The Rhône flows into the {{{{Mediterranean}}}} {{{{Sea}}}}.

  # Pairs: the learner matches each left side with its right side.
  - id: example-match
    type: match
    prompt: Match each city with its river.
    pairs:
      Paris: Seine
      Lyon: Rhône
      Bordeaux: Garonne

  # Put in order: write the items in the right order; the app shuffles them.
  - id: example-order
    type: order
    prompt: Put these rivers in order of length, longest first.
    items: [Loire, Seine, Garonne]

  # A flashcard: the learner turns it over and says how well they knew it.
  - id: example-flashcard
    type: flashcard
    prompt: Capital of Italy
    answer: Rome
"""


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def starter_bank(name: str, title: str, source: str | None = None) -> str:
    """The text of a starter bank for the file ``name`` (its file name, for the comments)."""
    stem = name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if source:
        source_line = (
            f"source: {_quoted(source)}   # the document the questions come from: quotes are "
            "checked against it\n"
        )
        source_example = (
            "    # Quote the sentence of the source document that backs the answer, word for\n"
            "    # word ('...' stands for left-out words), and `quiz validate` checks it:\n"
            "    # source: The exact words of the document\n"
        )
    else:
        source_line = ""
        source_example = ""
    return _TEMPLATE.format(
        modeline=MODELINE,
        name=name,
        title=_quoted(title),
        bank_id=slugify(stem).lower(),
        source_line=source_line,
        source_example=source_example,
    )
