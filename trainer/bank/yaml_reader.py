"""Read a YAML document into plain data, remembering the line of every key and item.

Why not `yaml.safe_load`: packs are untrusted and can be large. Building the
data straight from the parser's event stream (C parser where available) is
several times faster than composing a node graph and constructing from it,
and it lets us refuse dangerous input at the exact line where it appears:

* anchors and aliases are refused outright, so an alias bomb is never expanded;
* only the core tags (str, int, float, bool, null, seq, map) are accepted, so
  `!!python/...` tags never construct anything;
* a pack is a single document.

Plain scalars are resolved like YAML 1.1 (PyYAML's resolver), so `yes` is
true and `12` is an int, exactly as `safe_load` would read them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml import events as ev

try:  # the C parser is much faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

_RESOLVER = yaml.resolver.Resolver()
_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map")} | {"!"}
_BOOLS = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}
# A plain scalar can only resolve to a non-string if it starts with one of these
# (or is short enough to be a boolean or null word).
_MAYBE_TYPED_START = set("0123456789+-.~")


class YamlRefused(Exception):
    """Input we will not read: (line, message)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Located:
    """Parsed data plus where things were: keyed by id() of the containers."""

    data: Any
    key_lines: dict[int, dict[str, int]] = field(default_factory=dict)
    item_lines: dict[int, list[int]] = field(default_factory=dict)
    start_lines: dict[int, int] = field(default_factory=dict)

    def line_of(self, container: Any, default: int = 1) -> int:
        return self.start_lines.get(id(container), default)


_WORDS = {w for base in ("yes", "no", "true", "false", "on", "off", "null")
          for w in (base, base.capitalize(), base.upper())} | {"~", ""}


def _scalar(e: ev.ScalarEvent) -> Any:
    """Resolve a scalar that may not be a plain string (the caller handles those)."""
    value = e.value
    tag = e.tag
    if tag is None:
        if not e.implicit[0]:
            return value  # quoted: always a string
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    elif tag not in _ALLOWED_TAGS:
        raise YamlRefused(e.start_mark.line + 1,
                          f"tag {tag.replace(_CORE, '!!')} is not allowed in packs (plain YAML only)")
    if tag in (f"{_CORE}str", "!"):
        return value
    try:
        if tag == f"{_CORE}null":
            return None
        if tag == f"{_CORE}bool":
            return _BOOLS[value.lower()]
        if tag in (f"{_CORE}int", f"{_CORE}float"):
            construct = (_CONSTRUCTOR.construct_yaml_int if tag.endswith("int")
                         else _CONSTRUCTOR.construct_yaml_float)
            return construct(yaml.ScalarNode(tag, value))
    except (KeyError, ValueError):
        raise YamlRefused(e.start_mark.line + 1,
                          f"{value!r} is not a valid {tag.replace(_CORE, '')}") from None
    return value  # timestamps and the like stay text: no pack field wants a date


_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_MAPPING_START = ev.MappingStartEvent
_SEQUENCE_START = ev.SequenceStartEvent
_MAPPING_END = ev.MappingEndEvent
_SEQUENCE_END = ev.SequenceEndEvent


def read_fast(text: str) -> Any:
    """Parse one YAML document without recording lines; the same refusals as `read`.

    Most loads succeed, and where every line is tracked the bookkeeping costs
    about as much again as the parse. So packs are read this way first, and
    only a pack with a problem is read again with `read` for its line numbers.
    A refusal raised here carries line 0: the caller re-reads to locate it.
    """
    scalar_event, mapping_start, sequence_start = ev.ScalarEvent, _MAPPING_START, _SEQUENCE_START
    mapping_end, sequence_end = _MAPPING_END, _SEQUENCE_END
    words, typed_start, no_key = _WORDS, _MAYBE_TYPED_START, _NO_KEY
    stack: list[tuple[Any, bool, Any]] = []
    root: list[Any] = []
    top: Any = None
    is_list = False
    key: Any = no_key
    documents = 0
    for e in yaml.parse(text, Loader=_Loader):
        cls = type(e)
        if cls is scalar_event:
            if e.anchor is not None:
                raise YamlRefused(0, "anchors and aliases are not allowed in packs")
            value: Any = e.value
            if e.tag is not None or (e.implicit[0] and (value in words or value[:1] in typed_start)):
                value = _scalar(e)
            if is_list:
                top.append(value)
            elif top is None:
                root.append(value)
            elif key is no_key:
                key = value
            else:
                if key in top:
                    raise YamlRefused(0, f"key {key!r} appears twice in the same mapping")
                top[key] = value
                key = no_key
        elif cls is mapping_start or cls is sequence_start:
            if e.anchor is not None or (e.tag is not None and e.tag not in _ALLOWED_TAGS):
                raise YamlRefused(0, "anchors, aliases and tags are not allowed in packs")
            value = {} if cls is mapping_start else []
            if is_list:
                top.append(value)
            elif top is None:
                root.append(value)
            elif key is no_key:
                raise YamlRefused(0, "a mapping key must be plain text")
            else:
                if key in top:
                    raise YamlRefused(0, f"key {key!r} appears twice in the same mapping")
                top[key] = value
            stack.append((top, is_list, key))
            top, is_list, key = value, cls is sequence_start, no_key
        elif cls is mapping_end or cls is sequence_end:
            top, is_list, key = stack.pop()
            key = no_key
        elif cls is ev.AliasEvent:
            raise YamlRefused(0, "anchors and aliases are not allowed in packs")
        elif cls is ev.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise YamlRefused(0, "a pack is a single YAML document (found a second '---')")
    return root[0] if root else None


def read(text: str) -> Located:
    """Parse one YAML document, recording lines; raise YamlRefused or yaml.MarkedYAMLError.

    The loop is written flat (type checks ordered by frequency, the common
    plain-string case inlined, line records kept beside each open container)
    because it runs once per YAML node of every pack.
    """
    out = Located(data=None)
    key_lines = out.key_lines
    item_lines = out.item_lines
    start_lines = out.start_lines
    # Per open container: [container, is_list, line record, pending key or _NO_KEY]
    stack: list[list[Any]] = []
    documents = 0
    root: list[Any] = []
    scalar_event, mapping_start, sequence_start = ev.ScalarEvent, _MAPPING_START, _SEQUENCE_START
    words, typed_start, no_key = _WORDS, _MAYBE_TYPED_START, _NO_KEY

    for e in yaml.parse(text, Loader=_Loader):
        cls = type(e)
        if cls is scalar_event:
            if e.anchor is not None:
                raise YamlRefused(e.start_mark.line + 1, "anchors and aliases are not allowed in packs")
            value: Any = e.value
            if e.tag is not None or (e.implicit[0] and (value in words or value[:1] in typed_start)):
                value = _scalar(e)
            is_container = False
        elif cls is mapping_start or cls is sequence_start:
            if e.anchor is not None:
                raise YamlRefused(e.start_mark.line + 1, "anchors and aliases are not allowed in packs")
            if e.tag is not None and e.tag not in _ALLOWED_TAGS:
                raise YamlRefused(e.start_mark.line + 1,
                                  f"tag {e.tag.replace(_CORE, '!!')} is not allowed in packs (plain YAML only)")
            value = {} if cls is mapping_start else []
            is_container = True
        elif cls is _MAPPING_END or cls is _SEQUENCE_END:
            stack.pop()
            continue
        elif cls is ev.AliasEvent:
            raise YamlRefused(e.start_mark.line + 1, "anchors and aliases are not allowed in packs")
        elif cls is ev.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise YamlRefused(e.start_mark.line + 1, "a pack is a single YAML document (found a second '---')")
            continue
        else:
            continue
        line = e.start_mark.line + 1
        if stack:
            top = stack[-1]
            if top[1]:  # a list: append the item and its line
                top[0].append(value)
                top[2].append(line)
            elif top[3] is no_key:  # a mapping waiting for a key
                if is_container:
                    raise YamlRefused(line, "a mapping key must be plain text")
                top[3] = value
                top[2][str(value)] = line
            else:
                key = top[3]
                if key in top[0]:
                    raise YamlRefused(line, f"key {key!r} appears twice in the same mapping")
                top[0][key] = value
                top[3] = no_key
        else:
            root.append(value)
        if is_container:
            start_lines[id(value)] = line
            if cls is mapping_start:
                keys_at: dict[str, int] = {}
                key_lines[id(value)] = keys_at
                stack.append([value, False, keys_at, no_key])
            else:
                items_at: list[int] = []
                item_lines[id(value)] = items_at
                stack.append([value, True, items_at, no_key])
    out.data = root[0] if root else None
    return out


class _NoKey:
    __slots__ = ()


_NO_KEY = _NoKey()
