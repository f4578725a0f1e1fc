"""Quality checks on a loaded bank: what a careful teacher would flag on reading it.

The loader checks that a bank is well formed; these checks look at whether its questions test
what they mean to. Each rule aims at few false alarms, since a teacher who gets ten doubtful
warnings stops reading them:

- near-duplicates: two questions that ask the same fact the same way (their prompts and
  answers share most of their words), so the second one only tests memory of the first;
- the right choice is the longest by a clear margin, or the only one that echoes a word of
  the prompt: test-wise learners pick it without knowing the answer;
- every distractor shares an absolute word ("only", "never"...) that the answer lacks;
- a hint that gives away another question's answer;
- a match with only two pairs: once one pair is known, the other follows.

Findings are ``Problem`` warnings at the question's line and column, naming the questions.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator

from quiz.bank.errors import Problem
from quiz.bank.model import (
    Bank,
    ChoiceQuestion,
    ClozeQuestion,
    FlashcardQuestion,
    MatchQuestion,
    MultiQuestion,
    NumericQuestion,
    OrderQuestion,
    Question,
    ShortQuestion,
)

# quotes and suggest (and difflib) are imported where they are used: quiz validate imports
# this module even without --quality, and a bank it finds in the cache needs neither.

# Words that carry no fact, and phrases every prompt of a reading-comprehension bank repeats.
_STOPWORDS = frozenset(
    """a an the and or but nor of to in on at by for from with as into onto upon about
    is are was were be been being has have had do does did done it its it's this that these
    those which what who whom whose when where why how whether than then there their they them
    he him his she her we our you your i me my not no yes so such also any each one ones very
    can could may might will would shall should must according text says say said true false
    select all apply following fill blanks blank has as own give gives given name names named
    kind way ways s""".split()  # noqa: SIM905 - a word list reads better as words
)
_BOILERPLATE = re.compile(
    r"according to the text|true or false|select all that apply|fill in the blanks as the "
    r"text has it|as the text has it|in the text's own wording|the text",
    re.IGNORECASE,
)
# Absolute words that test-wise learners know to distrust in a distractor.
GIVEAWAY_WORDS = ("only", "never", "always", "all", "none", "every", "entirely", "completely")

# Near-duplicates: two questions share this share of their content words (prompt and answer;
# Jaccard), or a smaller question lies almost wholly inside a larger one. Words that many of
# the bank's questions use ("Azerbaijan", "policy" in a bank on its foreign policy) say nothing
# about which fact a question asks, and are left out.
_DUPLICATE_SIMILARITY = 0.5
_CONTAINED = 0.85
_CONTAINED_SIMILARITY = 0.33
_MIN_SHARED = 3
_COMMON_SHARE = 0.15
_COMMON_MIN = 3
# Longest right choice: longer than every distractor by this factor and this many characters.
_LONGEST_FACTOR = 1.1
_LONGEST_MARGIN = 8
# Hints are compared with answers of at least this many characters (not "True", "6").
_MIN_REVEALED = 4


def _words(text: str) -> list[str]:
    from quiz.bank.quotes import normalise

    return [w for w in normalise(_BOILERPLATE.sub(" ", text)).split() if w not in _STOPWORDS]


def _stem(word: str) -> str:
    """A crude stem: enough to tell that "European" echoes "Europe", "founders" "founder"."""
    return word[:6] if len(word) > 6 else word.rstrip("s")


def answer_texts(question: Question) -> list[str]:
    """The texts a learner has to produce or pick for ``question``."""
    match question:
        case ChoiceQuestion():
            return [question.answer_text]
        case MultiQuestion():
            return list(question.answer_texts)
        case ShortQuestion() | FlashcardQuestion():
            return [question.answer]
        case NumericQuestion():
            return [f"{question.answer:g}"]
        case ClozeQuestion():
            return [blank[0] for blank in question.blanks]
        case MatchQuestion():
            return [right for _, right in question.pairs]
        case OrderQuestion():
            return list(question.items)
    return []


def _fact(question: Question) -> set[str]:
    prompt = question.prompt
    if isinstance(question, ClozeQuestion):
        prompt = question.answer_text
    words = _words(prompt)
    for text in answer_texts(question):
        words += _words(text)
    if isinstance(question, MatchQuestion):
        words += [w for left in question.lefts for w in _words(left)]
    return {_stem(w) for w in words}


def lint(bank: Bank, file: str | None = None) -> list[Problem]:
    """Every finding for ``bank``, in the order of the questions; ``file`` names the bank in
    them (default: its path)."""
    if file is None:
        file = str(bank.path) if bank.path is not None else f"<{bank.id}>"
    found: list[tuple[Question, str]] = []
    found += _near_duplicates(bank.questions)
    for question in bank.questions:
        found += ((question, message) for message in _question_findings(question))
    found += _revealing_hints(bank.questions)
    found.sort(key=lambda item: (item[0].line, item[0].column))
    return [Problem(file, q.line, q.column, message, "warning") for q, message in found]


def _question_findings(question: Question) -> Iterator[str]:
    from quiz.bank.suggest import show

    if isinstance(question, ChoiceQuestion) and len(question.choices) >= 3:
        yield from _choice_giveaways(question)
    if isinstance(question, MatchQuestion) and len(question.pairs) == 2:
        yield (
            f"{show(question.id)} is a match with only two pairs: whoever knows one pair gets "
            "the other free; add a pair, or ask it as a choice or true/false question"
        )


def _choice_giveaways(question: ChoiceQuestion) -> Iterator[str]:
    from quiz.bank.quotes import normalise
    from quiz.bank.suggest import show

    name = show(question.id)
    answer = question.answer_text
    others = [c.text for i, c in enumerate(question.choices) if i != question.answer]
    longest = max(len(t) for t in others)
    if len(answer) >= longest * _LONGEST_FACTOR and len(answer) >= longest + _LONGEST_MARGIN:
        yield (
            f"in {name} the right answer is the longest choice by far ({len(answer)} "
            f"characters, the next {longest}): learners pick the longest choice when unsure; "
            "shorten it or lengthen the distractors"
        )
    prompt = {_stem(w) for w in _words(question.prompt)}
    in_others = {_stem(w) for t in others for w in _words(t)}
    echoes = [w for w in _words(answer) if _stem(w) in prompt and _stem(w) not in in_others]
    if echoes:
        written = re.search(rf"\b{re.escape(echoes[0])}\w*", answer, re.IGNORECASE)
        echo = show(written.group() if written else echoes[0])
        yield (
            f"in {name} the right answer is the only choice that echoes the prompt "
            f"({echo}): a learner can match the words without knowing the answer; "
            "reword the prompt or give the distractors the same kind of words"
        )
    answer_words = set(normalise(answer).split())
    for word in GIVEAWAY_WORDS:
        if word not in answer_words and all(word in normalise(t).split() for t in others):
            yield (
                f"in {name} every wrong choice says {show(word)} and the right one does not: "
                f"learners distrust {show(word)}; word the choices alike"
            )


def _near_duplicates(questions: Iterable[Question]) -> list[tuple[Question, str]]:
    from quiz.bank.suggest import show

    questions = list(questions)
    facts = [_fact(q) for q in questions]
    counts = Counter(w for fact in facts for w in fact)
    limit = max(_COMMON_MIN, _COMMON_SHARE * len(questions))
    common = {w for w, n in counts.items() if n > limit}
    facts = [fact - common for fact in facts]
    parent = list(range(len(questions)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(questions)):
        for j in range(i + 1, len(questions)):
            a, b = facts[i], facts[j]
            if not a or not b:
                continue
            shared = len(a & b)
            if shared < _MIN_SHARED:
                continue
            similarity = shared / len(a | b)
            contained = shared / min(len(a), len(b))
            if similarity >= _DUPLICATE_SIMILARITY or (
                contained >= _CONTAINED and similarity >= _CONTAINED_SIMILARITY
            ):
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(questions)):
        groups.setdefault(root(i), []).append(i)
    out = []
    for members in groups.values():
        if len(members) < 2:
            continue
        first, *rest = (questions[i] for i in members)
        for q in rest:
            out.append(
                (
                    q,
                    f"{show(q.id)} asks much the same as {show(first.id)} (line {first.line}): "
                    "a learner who has answered one gets the other free; ask another fact, "
                    "or ask it another way",
                )
            )
    return out


def _revealing_hints(questions: Iterable[Question]) -> list[tuple[Question, str]]:
    from quiz.bank.quotes import normalise
    from quiz.bank.suggest import show

    questions = list(questions)
    out = []
    for q in questions:
        if not q.hint:
            continue
        hint = f" {normalise(q.hint)} "
        own = f" {normalise(q.prompt)} "
        for other in questions:
            if other is q:
                continue
            for text in answer_texts(other):
                words = _words(text)
                phrase = normalise(text)
                if len(phrase) < _MIN_REVEALED or not words:
                    continue
                if f" {phrase} " in hint and f" {phrase} " not in own:
                    out.append(
                        (
                            q,
                            f"the hint of {show(q.id)} gives away the answer of "
                            f"{show(other.id)} (line {other.line}): {show(text)}",
                        )
                    )
                    break
    return out
