"""A small JSON Schema checker for the keywords bank.schema.json uses, for tests only.

jsonschema is not a dependency of the project; this covers type, enum, const, required,
properties, additionalProperties, minProperties, items, minItems, uniqueItems, minLength,
pattern, minimum, exclusiveMinimum, allOf/anyOf/oneOf, if/then/else and local $ref. An unknown
keyword fails loudly, so the schema cannot grow past what this checks. Also: a YAML 1.2
core-schema reader, to see a bank file the way yaml-language-server does.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

ANNOTATIONS = {"$schema", "$id", "title", "description", "$defs", "default", "examples"}


def _is_type(value: Any, name: str) -> bool:
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "string":
        return isinstance(value, str)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if name == "integer":
        return _is_type(value, "number") and float(value).is_integer()
    raise ValueError(f"unknown type {name}")


def _json_equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


def errors(schema: dict, instance: Any, root: dict | None = None, path: str = "$") -> list[str]:
    """Every violation of ``schema`` by ``instance``, as "path: what" strings."""
    root = schema if root is None else root
    out: list[str] = []
    for key, rule in schema.items():
        if key in ANNOTATIONS or key in ("then", "else"):
            continue
        if key == "$ref":
            assert rule.startswith("#/$defs/"), rule
            out += errors(root["$defs"][rule[len("#/$defs/") :]], instance, root, path)
        elif key == "type":
            names = rule if isinstance(rule, list) else [rule]
            if not any(_is_type(instance, n) for n in names):
                out.append(f"{path}: {instance!r} is not of type {rule}")
        elif key == "enum":
            if not any(_json_equal(instance, v) for v in rule):
                out.append(f"{path}: {instance!r} not in {rule}")
        elif key == "const":
            if not _json_equal(instance, rule):
                out.append(f"{path}: {instance!r} is not {rule!r}")
        elif key == "required":
            if isinstance(instance, dict):
                out += [f"{path}: missing {k}" for k in rule if k not in instance]
        elif key == "properties":
            if isinstance(instance, dict):
                for name, sub in rule.items():
                    if name in instance:
                        out += errors(sub, instance[name], root, f"{path}.{name}")
        elif key == "additionalProperties":
            if isinstance(instance, dict):
                known = schema.get("properties", {})
                for name, value in instance.items():
                    if name in known:
                        continue
                    if rule is False:
                        out.append(f"{path}: unexpected property {name!r}")
                    elif isinstance(rule, dict):
                        out += errors(rule, value, root, f"{path}.{name}")
        elif key == "minProperties":
            if isinstance(instance, dict) and len(instance) < rule:
                out.append(f"{path}: fewer than {rule} properties")
        elif key == "items":
            if isinstance(instance, list):
                for i, item in enumerate(instance):
                    out += errors(rule, item, root, f"{path}[{i}]")
        elif key == "minItems":
            if isinstance(instance, list) and len(instance) < rule:
                out.append(f"{path}: fewer than {rule} items")
        elif key == "uniqueItems":
            if rule and isinstance(instance, list):
                for i, a in enumerate(instance):
                    if any(_json_equal(a, b) for b in instance[:i]):
                        out.append(f"{path}: item {i} is a duplicate")
        elif key == "minLength":
            if isinstance(instance, str) and len(instance) < rule:
                out.append(f"{path}: shorter than {rule}")
        elif key == "pattern":
            if isinstance(instance, str) and not re.search(rule, instance):
                out.append(f"{path}: {instance!r} does not match {rule}")
        elif key == "minimum":
            if _is_type(instance, "number") and instance < rule:
                out.append(f"{path}: {instance!r} is less than {rule}")
        elif key == "exclusiveMinimum":
            if _is_type(instance, "number") and instance <= rule:
                out.append(f"{path}: {instance!r} is not more than {rule}")
        elif key == "allOf":
            for sub in rule:
                out += errors(sub, instance, root, path)
        elif key == "anyOf":
            if all(errors(sub, instance, root, path) for sub in rule):
                out.append(f"{path}: matches none of anyOf")
        elif key == "oneOf":
            if sum(not errors(sub, instance, root, path) for sub in rule) != 1:
                out.append(f"{path}: does not match exactly one of oneOf")
        elif key == "if":
            branch = "else" if errors(rule, instance, root, path) else "then"
            if branch in schema:
                out += errors(schema[branch], instance, root, path)
        else:
            raise ValueError(f"schema keyword {key!r} is not supported by this checker")
    return out


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
