"""Reading a bank file as an editor does and checking it against the bank's JSON Schema.

The schema is checked with ``jsonschema`` (an implementation its author did not write, so it
cannot share his misreadings of the specification), under the draft the schema names; the
schema itself must be a valid schema of that draft. The YAML 1.2 core-schema reader sees a bank
file the way yaml-language-server does, which is what the schema is written for.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from jsonschema.validators import validator_for


def errors(schema: dict[str, Any], instance: Any) -> list[str]:
    """Every place where ``instance`` breaks ``schema``, as "path: message"; [] when valid."""
    checker = validator_for(schema)
    checker.check_schema(schema)
    found = checker(schema).iter_errors(instance)
    return sorted(f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in found)


class Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2 core schema, as editors read YAML: only true/false are booleans, yes/no are
    strings, 1_000 is a string, ~ and null and empty are null."""


Yaml12Loader.yaml_implicit_resolvers = {}
for _tag, _regexp, _first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    Yaml12Loader.add_implicit_resolver(_tag, re.compile(_regexp), list(_first))


def _construct_int(loader: yaml.SafeLoader, node: yaml.Node) -> int:
    value = loader.construct_scalar(node)
    if value.startswith("0o"):
        return int(value[2:], 8)
    return int(value, 0) if value.startswith("0x") else int(value, 10)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def load_yaml12(text: str) -> Any:
    return as_json(yaml.load(text, Loader=Yaml12Loader))


def as_json(value: Any) -> Any:
    """Mapping keys as JSON has them: always strings."""
    if isinstance(value, dict):
        return {_key(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


def _key(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return "null" if key is None else str(key)
