"""Deciding who said each quotation.

Read in order, each quotation takes the first of:
1. an attribution right after it in its sentence: “…,” Blinken stated / “…,” said the coach;
2. an attribution before it in its sentence: Blinken also said the U.S. is “…” / He told reporters: “…”
   / According to Smith, “…” / Blinken: “…” / …, saying the system is “…” (a participle, or a verb
   joined by "and", speaks for the sentence's subject);
3. the subject of the sentence just before it in its paragraph ("Malden tried again. “Will she …?”"),
   or, for a quotation opening its sentence, the subject after it ("“Order!” The Speaker rose.");
4. the speaker of another quotation in the same paragraph (“A,” Blinken stated. “B.”);
5. for a paragraph that holds nothing but quotations, the speaker of the previous paragraph's last
   quotation, else of its reported speech ("Smith said the deal was dead."), else the subject of its
   last sentence that has a person as subject ("Whitlock smiled. The piano was out of tune."), else
   the one person it names ("For Sian Rees-Morgan, the numbers miss the point.");
otherwise it stays unattributed.
A speaker phrase resolves to a person by full name, surname or title-and-surname (the most recently
mentioned bearer of a shared surname), by a title word ("the U.S. secretary" -> the person whose title
holds "Secretary"; "the prime minister" -> the person the text once called so; "the Norwegian
striker" that no title matches -> the person in focus, if untitled and speaking in this paragraph or
the one before, unless the text gave that role to somebody it did not name: "A spokesperson for
…"), to the person in focus for a document that speaks ("the statement said"), or, for "he"/"she",
to the person in focus: the subject of the latest sentence that had a person as subject or speaker
(see `Focus`). A capitalised phrase that names no
person speaks as an organisation when "the" introduces it, it ends in an organisation word or it is
an acronym ("the State Department said").
"""

import functools
import re
from collections import Counter
from dataclasses import dataclass

from .lexicon import (
    ADVERBS_BEFORE_VERB,
    AUXILIARIES,
    FEMALE_NAMES,
    FEMALE_RELATIONS,
    FUNCTION_WORDS,
    HONORIFICS,
    KINSHIP,
    MALE_NAMES,
    MALE_RELATIONS,
    ORGANIZATION_WORDS,
    PREPOSITIONS,
    SPEAKER_PRONOUNS,
    SPEECH_INFINITIVES,
    SPEECH_PARTICIPLES,
    SPEECH_VERBS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    WEEKDAYS,
)
from .names import Cast, Person
from .quotes import Span
from .sentences import sentence_starts

# A lower-case word is tried first: no other alternative can start with one, and most tokens are. No
# token starts with a space, and saying so first spares every space the trial of each alternative; an
# initial ("J.") is read once for both an initialism ("U.S.") and an initial before a name.
_TOKEN = re.compile(
    r"(?! )(?:[a-z][\w'’-]*|[A-Z]\.(?:(?:[A-Z]\.)+|(?= [A-Z][a-z]))|"
    r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Maj|Adm|Rev|Prof|Jr|Sr|St)\.|"
    r"[^\W_][\w'’-]*|[.,;:!?—–()])"
)
_DETERMINERS = frozenset("the a an".split())
_NON_PERSON_PRONOUNS = frozenset("they we i it you".split())
_SENTENCE_END = frozenset(".;!?")
_SPEECH_ENDING = ",!?—–-…"
_MAX_CONTEXT = 300
_ADVERBIAL_OPENERS = frozenset(
    "after as at before during in on since when while although though meanwhile later earlier once".split()
)
_PARTICLE_PREFIX = re.compile(r"(?:al|el|bin|ibn|abu|van|von|de|da|di|du|le|la)-[A-Z]")
_MALE = frozenset("he himself".split())
_FEMALE = frozenset("she herself".split())
_GENDERED = _MALE | _FEMALE
_PRONOUN_GENDER = {"he": "m", "she": "f"}
_NAME_GENDER = {name: "m" for name in MALE_NAMES} | {name: "f" for name in FEMALE_NAMES}
_RELATIONS = MALE_RELATIONS | FEMALE_RELATIONS
# "in her words", "in his own words": the sentence's subject speaks.
_OWN_WORDS_POSSESSIVES = frozenset(("her", "his", "their"))
_UNNAMED_ROLE = re.compile(r"\b[Aa]n? (?:[a-z]+ )?([a-z]+) (?:for|of|at|from|with)\b")
_SUBORDINATORS = frozenset(
    "since when while because if until unless although though as after before than".split()
)
_HONORIFIC_GENDER = {"mr": "m", "ms": "f", "mrs": "f", "miss": "f"}
_LOWERCASE_TITLE_WORDS = TITLE_HEADS | frozenset(("member", "minister", "leader"))
# "the statement said": a document speaks for whoever the text was just telling about.
_PERCEPTION_VERBS = frozenset(
    "remember remembers remembered recall recalls recalled see sees saw hear hears heard watch watches "
    "watched imagine imagines imagined picture pictures pictured".split()
)
# "These days she runs …": a time phrase before the subject, with no comma.
_TIME_OPENERS = frozenset("these those this that last next every most some".split())
_TIME_NOUNS = frozenset(
    "day days week weeks month months year years morning mornings evening evenings night nights season "
    "summer winter spring autumn time times".split()
)
_DOCUMENT_WORDS = frozenset("statement letter memo email post release message note tweet filing".split())
_POSSESSIVES = frozenset("his her their its my our your".split())
_ANY_WORD = re.compile(r"[^\W_]")
_POSSESSIVE_END = re.compile(r"['’]s$")
_NOT_NAMES = FUNCTION_WORDS | WEEKDAYS
_PARTY_STATE = re.compile(r"[DRI]-[A-Z][a-z]*\.?$")
_NAME_CONNECTORS = frozenset("of de del da di du van von der den la le bin ibn al el ben".split())


@dataclass(slots=True)
class Attribution:
    span: Span
    speaker: Person | None
    cue: str


class Focus:
    """Who "he" or "she" means at the current point of reading.

    The person in focus is the latest sentence subject or speaker. A pronoun whose gender the text
    has shown to differ from that person's (see `_learn_genders`) means the latest person before them
    (subject or named in passing) whose gender fits or is unknown; when the text has not shown the
    gender of the person in focus, somebody named in passing since then whose gender it has shown to
    fit comes first ("For Sian Rees, the numbers miss the point. Her husband, Owain Rees, took
    redundancy. He drives a van now.").

    The article's subject, the person it names most often, stands behind everyone else: a pronoun
    before anybody is in focus means them ("written, she said, …" in a lede that names her next),
    and so does a present-tense pronoun attribution opening a new paragraph after somebody else
    spoke ("she says" in a profile, after a paragraph from her coach), when the gender fits.
    """

    def __init__(self, genders: dict[int, str], cast: Cast, masked: list[str]):
        self.person: Person | None = None
        self.history: list[Person] = []
        self.genders = genders
        self.paragraph = 0
        self.since = 0
        self.spoke = False
        self.subject = _article_subject(cast, masked)
        self.masked = masked
        self._unnamed_roles: set[str] | None = None

    @property
    def unnamed_roles(self) -> set[str]:
        """Roles the text gives somebody it does not name ("A spokesperson for the council said"):
        "the spokesperson" then means that unnamed person, not whoever is in focus."""
        if self._unnamed_roles is None:
            self._unnamed_roles = {m.casefold() for text in self.masked for m in _UNNAMED_ROLE.findall(text)}
        return self._unnamed_roles

    def move_to(self, person: Person | None, *, speaking: bool = True) -> None:
        if person is not None and person.kind == "person":
            self.since = self.paragraph
            self.person = person
            self.spoke = speaking
            self.history.append(person)

    def note(self, person: Person | None) -> None:
        """Remember somebody named in passing ("His daughter, Eilidh Reid, …", "Finch and his partner,
        Amy Ruddock, …") without focusing: every person a sentence names is noted."""
        if person is not None and person.kind == "person":
            self.history.append(person)

    def referent(self, pronoun: str, *, present: bool = False) -> Person | None:
        wanted = _PRONOUN_GENDER.get(pronoun.casefold())
        subject = self.subject if self.subject and self.genders.get(id(self.subject)) == wanted else None
        if self.person is None:
            fitting = (p for p in reversed(self.history) if self.genders.get(id(p), wanted) == wanted)
            return subject or next(fitting, None)
        if present and subject is not None and self.spoke and self.since < self.paragraph:
            return subject
        known = self.genders.get(id(self.person))
        if known is None:
            for person in reversed(self.history):
                if person is self.person:
                    break
                if self.genders.get(id(person)) == wanted:
                    return person
        if known in (None, wanted):
            return self.person
        for person in reversed(self.history):
            if person is not self.person and self.genders.get(id(person), wanted) == wanted:
                return person
        return self.person

    def fits(self, honorific: str):
        """A test for `Cast.by_name`: does a person's gender fit an honorific ("Ms. Lopez")?"""
        wanted = _HONORIFIC_GENDER.get(honorific.casefold().rstrip("."))
        return None if wanted is None else (lambda person: self.genders.get(id(person)) == wanted)


def _article_subject(cast: Cast, masked: list[str]) -> Person | None:
    """The person the text names most often outside quotations, when one is named clearly more often
    than anyone else (at least three times, and half as often again as the next)."""
    named = Counter(
        id(m.person) for m in cast.mentions
        if m.person.kind == "person" and (m.unit < 1 or masked[m.unit - 1][m.start:m.start + 1] != "_")
    )
    counts = sorted(((named[id(p)], id(p), p) for p in cast.people if p.kind == "person"), reverse=True)
    if not counts or counts[0][0] < 3 or (len(counts) > 1 and counts[0][0] < 1.5 * counts[1][0]):
        return None
    return counts[0][2]


def _learn_genders(masked: list[str], cast: Cast) -> dict[int, str]:
    """Each person's grammatical gender, where the text shows it.

    Evidence: a common given name (Dave, Carol), an honorific (Mr., Ms.), a relation just before the
    name ("her son, Michael Basquin"), and, weighing less, "he" or "she" in a sentence that names that
    person and nobody else ("Maria Lopez … said she cried"); object and possessive pronouns are left
    out, as they often mean somebody else ("Sol Berman remembered her"), and so are pronouns opening
    a subordinate clause ("who has coached her since she was 17"); "he" or "she" opening the next
    sentence of the paragraph, which names nobody, counts for that person too ("Marian Oduya arrives.
    She is 31."). A bare surname that two people share is no evidence: which of them it means is what
    the evidence is for.
    """
    votes: dict[int, list[int]] = {}
    by_unit: dict[int, list] = {}
    surnames = Counter(p.surname for p in cast.people if p.kind == "person")
    for person in cast.people:
        given = _NAME_GENDER.get(person.name.split()[0].casefold()) if person.kind == "person" else None
        if given:
            votes.setdefault(id(person), [0, 0])[given == "f"] += 3
    for mention in cast.mentions:
        person = mention.person
        if surnames[person.surname] > 1 and mention.surface.endswith(person.surname) and (
                person.name not in mention.surface):
            continue
        by_unit.setdefault(mention.unit, []).append(mention)
        honorific = _HONORIFIC_GENDER.get(mention.surface.split()[0].casefold().rstrip("."))
        if honorific:
            votes.setdefault(id(mention.person), [0, 0])[honorific == "f"] += 3
        text = masked[mention.unit - 1] if mention.unit > 0 else ""
        relation = text[max(0, mention.start - 20):mention.start].rstrip(", ").rpartition(" ")[2].casefold()
        if relation in _RELATIONS:
            votes.setdefault(id(mention.person), [0, 0])[relation in FEMALE_RELATIONS] += 3
    for number, text in enumerate(masked, start=1):
        mentions = by_unit.get(number, [])
        if not mentions:
            continue
        starts = sentence_starts(text) + (len(text),)
        previous = None
        for first, last in zip(starts, starts[1:], strict=False):
            people = {id(m.person) for m in mentions if first <= m.start < last}
            opener = text[first:first + 4].casefold()
            if not people and previous is not None and opener in ("he ", "she "):
                votes.setdefault(previous, [0, 0])[opener == "she "] += 1
            previous = next(iter(people)) if len(people) == 1 else None
            if len(people) != 1:
                continue
            male, female = _subject_pronouns(_cached_tokens(text[first:min(last, first + _MAX_CONTEXT)]))
            if male != female:
                votes.setdefault(people.pop(), [0, 0])[female > male] += 1
    return {key: "f" if female > male else "m" for key, (male, female) in votes.items() if male != female}


def _subject_pronouns(tokens: tuple[str, ...]) -> tuple[int, int]:
    """How often "he"/"himself" and "she"/"herself" stand in a sentence, leaving out those that open a
    subordinate clause ("since she was 17")."""
    words = list(map(str.casefold, tokens))
    if _GENDERED.isdisjoint(words):
        return 0, 0  # most sentences hold neither: no need to walk them word by word
    counts = [0, 0]
    for index, word in enumerate(words):
        if word in _GENDERED and not (index and words[index - 1] in _SUBORDINATORS):
            counts[word in _FEMALE] += 1
    return counts[0], counts[1]


def mask_quotations(paragraphs: list[str], spans: list[Span]) -> list[str]:
    """The paragraphs with every quotation's text replaced by underscores, offsets unchanged."""
    masked = list(paragraphs)
    for span in spans:
        for number in range(span.paragraph, span.end_paragraph + 1):
            text = masked[number - 1]
            start = span.position + 1 if number == span.paragraph else 0
            end = span.end if number == span.end_paragraph else len(text)
            masked[number - 1] = text[:start] + "_" * (end - start) + text[end:]
    return masked


def attribute_quotes(masked: list[str], spans: list[Span], cast: Cast) -> list[Attribution]:
    """Attribute every quotation (see the module docstring for the order of rules)."""
    by_paragraph: dict[int, list[Span]] = {}
    for span in spans:
        by_paragraph.setdefault(span.paragraph, []).append(span)
    results: list[Attribution] = []
    speaker_of_paragraph: dict[int, Person | None] = {}
    focus = Focus(_learn_genders(masked, cast), cast, masked)
    named = _sole_people(cast)
    mentions: dict[int, list] = {}
    for mention in cast.mentions:
        mentions.setdefault(mention.unit, []).append(mention)
    for number, text in enumerate(masked, start=1):
        if not text:
            continue
        focus.paragraph = number
        starts = sentence_starts(text) + (len(text),)
        own = by_paragraph.get(number, [])
        found: list[Attribution] = []
        subject = last_subject = narrator = None
        # "… she said. The Speaker, Sir Alan Bewdley, looked away.": a sentence after the last
        # quotation that has a person as its subject keeps them in focus into the next paragraph.
        moved_on = False
        for first, last in zip(starts, starts[1:], strict=False):
            sentence_spans = [s for s in own if first <= s.position < last]
            subject = _sentence_subject(text, first, last, number, cast, focus)
            for mention in mentions.get(number, ()):
                # somebody named inside a quotation is the speaker's topic, not the narrative's
                if (first <= mention.start < last and mention.person is not subject
                        and text[mention.start] != "_"):
                    focus.note(mention.person)
            if sentence_spans:
                focus.note(subject)
            for span in sentence_spans:
                speaker, cue = _own_attribution(span, masked, first, own, number, cast, focus, subject)
                if not cue and (pronoun := _pronoun_clause(text[first:span.position])):
                    speaker, cue = focus.referent(pronoun), "pronoun before"  # "which she finished “…”"
                elif not cue and narrator is not None:
                    speaker, cue = narrator, "sentence before"
                elif not cue and subject is not None and not text[first:span.position].strip():
                    speaker, cue = subject, "sentence after"  # "“Order!” The Speaker rose from his chair."
                found.append(Attribution(span, speaker, cue))
                focus.move_to(speaker)
                moved_on = False
            spoken = {id(a.speaker) for a in found if first <= a.span.position < last}
            narrator = subject if spoken <= {id(subject)} else None
            last_subject = subject or last_subject
            if not sentence_spans:
                reported = _reported_speaker(text, first, last, number, cast, focus, subject)
                if reported is not None:
                    speaker_of_paragraph[number] = reported
                focus.move_to(subject or reported, speaking=reported is not None)
                moved_on = moved_on or bool(found and subject is not None and subject.kind == "person")
        _fill_from_neighbours(found, text, speaker_of_paragraph.get(number - 1))
        if number not in speaker_of_paragraph and not found:
            speaker_of_paragraph[number] = last_subject or named.get(number)
        for attribution in found:
            speaker_of_paragraph[attribution.span.paragraph] = attribution.speaker
            speaker_of_paragraph[attribution.span.end_paragraph] = attribution.speaker
        if found and not moved_on:
            focus.move_to(found[-1].speaker)
        results.extend(found)
    return results


def _pronoun_clause(before: str) -> str | None:
    """"he" or "she" when a quotation with no speech verb follows "<pronoun> <verb>" in its own sentence
    ("a parkrun, which she finished “second from last”"): the clause's subject said it."""
    tokens = _tokens(before[-_MAX_CONTEXT:])
    if len(tokens) >= 2 and tokens[-2] in SPEAKER_PRONOUNS and tokens[-1].islower() and (
            tokens[-1] not in FUNCTION_WORDS):
        return tokens[-2]
    return None


def _sole_people(cast: Cast) -> dict[int, Person]:
    """For each paragraph that names exactly one person, that person ("For Sian Rees-Morgan, whose
    husband worked there, the numbers miss the point.")."""
    named: dict[int, set[int]] = {}
    people = {}
    for mention in cast.mentions:
        if mention.person.kind == "person":
            named.setdefault(mention.unit, set()).add(id(mention.person))
            people[id(mention.person)] = mention.person
    return {unit: people[next(iter(ids))] for unit, ids in named.items() if len(ids) == 1}


def _fill_from_neighbours(found: list[Attribution], text: str, previous: Person | None) -> None:
    """Rules 4 and 5: quotations without their own attribution take a neighbour's speaker."""
    if not any(a.cue for a in found):
        if found and not _ANY_WORD.search(text):
            for attribution in found:
                attribution.speaker = previous
        return
    for index, attribution in enumerate(found):
        if attribution.cue:
            continue
        before = [a for a in found[:index] if a.cue]
        after = [a for a in found[index + 1:] if a.cue]
        source = before[-1] if before else after[0]
        attribution.speaker = source.speaker


def _own_attribution(span, masked, sentence_start, own, number, cast, focus, subject):
    """Rules 1 and 2: an attribution in the quotation's own sentence, as (speaker, cue)."""
    where = (number, span.position)
    end_text = masked[span.end_paragraph - 1]
    following = [s.position for s in own if s.position > span.position and s.paragraph == span.end_paragraph]
    right_end = min(following + [span.end + _MAX_CONTEXT, len(end_text)])
    right = _tokens(end_text[span.end:right_end])
    while right and right[0] in ("”", '"', "'", "’"):
        right = right[1:]
    ends_like_speech = span.text[-1:] in _SPEECH_ENDING or (right[:1] == [","])
    speaker_words, cue = _right_cue(right, ends_like_speech)
    if cue:
        return _resolve(speaker_words, where, cast, focus, present=_present(cue)), cue
    text = masked[number - 1]
    earlier = [s.end for s in own if s.position < span.position and s.end_paragraph == number]
    left_start = max([sentence_start, span.position - _MAX_CONTEXT] + [e + 1 for e in earlier])
    left = _tokens(text[left_start:span.position])
    speaker_words, cue = _left_cue(left)
    if subject is not None and speaker_words and _relative_pronoun(left, speaker_words[0]) and (
            focus.genders.get(id(subject), "?") in ("?", _PRONOUN_GENDER[speaker_words[0].casefold()])):
        return subject, cue  # "Ngaire Watts said in a post in which she thanked fans that …"
    if cue and not (cue == ":" and speaker_words is None and subject is None):
        if speaker_words is None:
            return subject, cue
        return _resolve(speaker_words, where, cast, focus, present=_present(cue)), cue
    return None, ""


def _relative_pronoun(tokens: list[str], word: str) -> bool:
    """Whether "he" or "she" opens a clause "in which"/"in whom" ("a letter in which she wrote that …"):
    it stands for the sentence's subject."""
    if word.casefold() not in _PRONOUN_GENDER:
        return False
    for index in range(2, len(tokens)):
        if tokens[index] == word and tokens[index - 1] in ("which", "whom") and (
                tokens[index - 2] in ("in", "to")):
            return True
    return False


def _reported_speaker(text, first, last, number, cast, focus, subject):
    """Who a sentence reports as speaking ("Smith said the deal was dead."), if anyone."""
    tokens = _tokens(text[first:min(last, first + _MAX_CONTEXT)])
    for index, token in enumerate(tokens):
        if token in ("said", "says", "told", "added", "stated", "explained", "noted", "warned"):
            speaker_words, cue = _left_cue(tokens[:index + 1])
            if not cue:
                return None
            if speaker_words is None:
                return subject
            return _resolve(speaker_words, (number, first), cast, focus)
    return None


def _right_cue(tokens: list[str], ends_like_speech: bool) -> tuple[list[str] | None, str]:
    """("Blinken", "stated") from ', Blinken stated.' or ', said the coach.'; (None, "") if absent."""
    while tokens and tokens[0] in (",", "—", "–"):
        tokens = tokens[1:]
    clause = []
    for token in tokens:
        if token in _SENTENCE_END:
            break
        if token == ":" and not ends_like_speech:
            return None, ""  # "“… accountable.” Cole replied: “I am.”": the cue is the next quote's
        clause.append(token)
    if not clause or not (ends_like_speech or len(clause) <= 5):
        return None, ""
    if clause[0].casefold() == "which":
        return None, ""  # "“…”, which is the sort of thing politicians say": a comment, not a cue
    if [t.casefold() for t in clause[:2]] == ["according", "to"]:
        # "“…,” according to Ada Brown, head of research at Foo & Bar."
        after = _noun_phrase_forward(clause[2:])
        return (after, "according to") if after else (None, "")
    for index, token in enumerate(clause[:12]):
        if token.casefold() in SPEECH_VERBS and token.islower():
            if index == 0:
                after = _noun_phrase_forward(clause[1:])
                return (after, token) if after else (None, "")
            subject = clause[:index]
            while len(subject) > 1 and subject[-1].casefold() in ADVERBS_BEFORE_VERB:
                subject = subject[:-1]  # "she once said", "Hale later recalled"
            before = _noun_phrase_backward(subject)
            return (before, token) if before else (None, "")
    return None, ""


def _left_cue(tokens: list[str]) -> tuple[list[str] | None, str]:
    """The speaker words and cue before a quotation; speaker None means the sentence's subject."""
    colon = bool(tokens) and tokens[-1] == ":"
    if colon:
        tokens = tokens[:-1]
    lowered = [t.casefold() for t in tokens]
    for index in range(len(tokens) - 2, -1, -1):
        if lowered[index] == "according" and lowered[index + 1] == "to":
            phrase = _noun_phrase_forward(tokens[index + 2:])
            after = tokens[index + 2 + len(phrase):]
            if phrase and after[:1] == [","] and (name := _noun_phrase_forward(after[1:])) and (
                    _capitalised(name[0]) and after[1 + len(name):2 + len(name)] == [","]):
                return name, "according to"  # "According to the charity's chief, Mariam Choudhury, …"
            if phrase:
                return phrase, "according to"
        if lowered[index] in _OWN_WORDS_POSSESSIVES and "words" in lowered[index + 1:index + 3]:
            return None, "in her words"
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        if lowered[index] == "put" and lowered[index + 1:index + 2] == ["it"]:
            # "as she later put it, “…”": the idiom reports speech like a verb.
            subject = [t for t in tokens[:index] if t.casefold() not in ADVERBS_BEFORE_VERB]
            phrase = _noun_phrase_backward(subject)
            return (phrase or None), "put it"
        if lowered[index] not in SPEECH_VERBS or (index and not token.islower()):
            if not (lowered[index] in SPEECH_INFINITIVES and index and lowered[index - 1] in AUXILIARIES):
                continue  # "she would tell a reporter that …" reports speech; "won praise" does not
        if lowered[index + 1:index + 2] == ["by"] and (agent := _noun_phrase_forward(tokens[index + 2:])):
            return agent, lowered[index]  # "was told by the prime minister that …"
        if lowered[index] in SPEECH_PARTICIPLES:
            return _remembered_speaker(tokens[:index]), lowered[index]
        before = index - 1
        while before >= 0 and lowered[before] in ADVERBS_BEFORE_VERB:
            before -= 1
        if before > 0 and lowered[before] == ")" and "(" in lowered[:before]:
            # "Kevin Duggan (38) told …": the bracket says no more about who speaks.
            before = before - lowered[before::-1].index("(") - 1
        if before > 0 and lowered[before] == "to":
            before -= 1  # "prompting the chairman, Cllr Roy Pettigrew, to remind residents that …"
        if before < 0:
            after = _noun_phrase_forward(tokens[index + 1:])
            return after, lowered[index]
        if lowered[before] == "who" and before > 1 and tokens[before - 1] == ",":
            # "… her son, Michael Basquin, who said …": the relative clause speaks for its antecedent.
            phrase = _noun_phrase_backward(tokens[:before - 1])
            if phrase and (_capitalised(phrase[-1]) or phrase[0].casefold() in _DETERMINERS):
                return phrase, lowered[index]
        if lowered[before] in ("and", "but", "then", "who", "which"):
            return None, lowered[index]
        if lowered[before] == ",":
            return _appositive_speaker(tokens[:before + 1]), lowered[index]
        phrase = _noun_phrase_backward(tokens[:before + 1])
        return (phrase, lowered[index]) if phrase else (None, lowered[index])
    if colon:
        phrase = _noun_phrase_backward(tokens)
        return (phrase, ":") if phrase else (None, ":")
    return None, ""


def _remembered_speaker(tokens: list[str]) -> list[str] | None:
    """The person a memory or perception verb holds before a speech participle ("She remembers an early
    coach, Brendan Foyle, … telling her: “…”"): they speak, not the sentence's subject (None)."""
    if tokens[-1:] == [","]:
        return None  # "She saw Tom Reed, telling him …": a participle after a comma is the subject's
    lowered = [t.casefold() for t in tokens]
    for index in range(len(tokens) - 1, -1, -1):
        if lowered[index] in _PERCEPTION_VERBS:
            rest = tokens[index + 1:index + 9]
            start = next((i for i, t in enumerate(rest) if _capitalised(t)), None)
            if start is not None and all(t.casefold() not in SPEAKER_PRONOUNS for t in rest[:start]):
                return _noun_phrase_forward(rest[start:]) or None
            return None
    return None


def _appositive_speaker(tokens: list[str]) -> list[str] | None:
    """The speaker in "NAME, 45, said" or "The club's owner, Sol Berman, said"; None for the subject."""
    commas = [i for i, t in enumerate(tokens[:-1]) if t == ","]
    if not commas or len(tokens) - commas[-1] > 16:
        return None
    inside = tokens[commas[-1] + 1:-1]
    if inside[-1:] == ["."]:
        inside = inside[:-1]  # "Sen. Maria Ortiz, D-Ariz., asked"
    if len(inside) == 1 and _PARTY_STATE.match(inside[0]):
        return _noun_phrase_backward(tokens[:commas[-1]]) or None  # "Rep. Tom Lane, R-Texas, said"
    if inside[:1] in (["who"], ["which"]) and len(commas) > 1:
        # "Adm. Steven Cole, commander of the fleet, who joined by video, said": the relative clause
        # describes the appositive's antecedent.
        return _appositive_speaker(tokens[:commas[-1] + 1])
    if inside[-1:] == [")"] and "(" in inside:
        inside = inside[:len(inside) - 1 - inside[::-1].index("(")]  # "Kevin Duggan (38),"
    if inside and _capitalised(inside[0]) and all(_capitalised(t) or t in _NAME_CONNECTORS for t in inside):
        return inside
    name = _noun_phrase_backward(inside)
    if (len(name) > 1 and all(_capitalised(t) for t in name) and inside[0].casefold() in _DETERMINERS
            and not set(inside) & {"of", "for", "at"}):
        return name  # "The chair, the broadcaster Dame Harriet Coyle, called it …"
    return _noun_phrase_backward(tokens[:commas[-1]]) or None


def _noun_phrase_backward(tokens: list[str]) -> list[str]:
    """The speaker phrase ending the tokens: a pronoun, a capitalised name, or "the … title"."""
    if not tokens:
        return []
    if tokens[-1] == ",":
        return _appositive_speaker(tokens) or []
    last = tokens[-1]
    if last.casefold() in SPEAKER_PRONOUNS or last.casefold() in _NON_PERSON_PRONOUNS:
        return [last]
    if _capitalised(last):
        start = len(tokens) - 1
        while start and (_capitalised(tokens[start - 1]) or tokens[start - 1] in _NAME_CONNECTORS):
            start -= 1
        if start and tokens[start - 1].casefold() in _DETERMINERS:
            start -= 1
        link = next((i for i in range(start - 1, max(0, start - 6), -1) if tokens[i] in ("of", "at")), 0)
        if link and _capitalised(tokens[link - 1]):
            # "Col. Tim Bass of the 3rd Brigade said": the name before "of" leads the phrase.
            return _noun_phrase_backward(tokens[:link]) + tokens[link:]
        return tokens[start:]
    for start in range(len(tokens) - 1, max(-1, len(tokens) - 6), -1):
        if tokens[start].casefold() in _DETERMINERS:
            if start > 2 and tokens[start - 1] == "of":
                # "the leader of the opposition": the phrase runs back to the first "the".
                return _noun_phrase_backward(tokens[:start - 1]) + tokens[start - 1:]
            return tokens[start:]
        if tokens[start] in _SENTENCE_END or tokens[start] in (",", ":"):
            break
    return []


def _noun_phrase_forward(tokens: list[str]) -> list[str]:
    """The speaker phrase opening the tokens ("said U.S. Secretary of State Antony Blinken, who …")."""
    phrase = []
    for token in tokens[:10]:
        if token in _SENTENCE_END or token in (",", ":", "(", "—", "–"):
            break
        if phrase and not (_capitalised(token) or token in _NAME_CONNECTORS) and _capitalised(phrase[-1]):
            # "said Harbridge manager Paul Renton", "said the Ferrybridge manager": a title word after
            # a capitalised one stays in the phrase.
            if token not in _LOWERCASE_TITLE_WORDS:
                break
        if token.casefold() in ("that", "on", "in", "at", "to", "during", "after", "before"):
            break
        phrase.append(token)
    return phrase


def _present(cue: str) -> bool:
    """Whether a speech verb is in the present tense of a profile ("says", "adds", "tells me")."""
    return cue.endswith("s") and not cue.endswith("ss") and cue in SPEECH_VERBS


def _resolve(words: list[str] | None, where, cast: Cast, focus: Focus, *, present=False) -> Person | None:
    """The person (or speaking organisation) a speaker phrase refers to."""
    if not words:
        return None
    first = words[0].casefold()
    if len(words) == 1 and first in SPEAKER_PRONOUNS:
        return focus.referent(first, present=present)
    if first in _NON_PERSON_PRONOUNS:
        return None
    person = _resolve_phrase(words, first, where, cast, focus)
    if person is not None and person.kind == "person" and person.name not in " ".join(words):
        person.add_alias(" ".join(words))
    return person


def _resolve_phrase(words: list[str], first: str, where, cast: Cast, focus: Focus) -> Person | None:
    determiner = first in _DETERMINERS
    body = words[1:] if determiner else list(words)
    if not body:
        return None
    body[-1] = _POSSESSIVE_END.sub("", body[-1])
    if "of" in body[1:] and body[body.index("of") - 1].casefold() in TITLE_HEADS:
        # "the leader of the opposition", "the Secretary of State": the head stands before "of".
        of = body.index("of")
        person = cast.by_title(body[of - 1], where, body[:of - 1] + body[of + 1:])
        if person is not None:
            return person
    head = body[-1].casefold().rstrip(".")
    if all(_capitalised(w) or w in _NAME_CONNECTORS for w in body):
        if not determiner or head in TITLE_HEADS:
            person = cast.by_name(" ".join(body), where, prefer=focus.fits(body[0]))
            if person is not None:
                return person
        if head in TITLE_HEADS:
            return cast.by_title(head, where, body[:-1])
        if determiner or head in ORGANIZATION_WORDS or (body[-1].isupper() and len(body[-1]) > 1):
            if body[0].casefold() not in HONORIFICS:
                return cast.organization(" ".join(body))
        return None
    link = next((i for i, w in enumerate(body) if w in ("of", "at")), 0)
    if link and all(_capitalised(w) for w in body[:link]):
        # "Col. Tim Bass of the 3rd Brigade": the name before "of" is the person.
        person = cast.by_name(" ".join(body[:link]), where, prefer=focus.fits(body[0]))
        if person is not None and person.kind == "person":
            return person
    if _capitalised(body[-1]):
        start = len(body) - 1
        while start and _capitalised(body[start - 1]):
            start -= 1
        return cast.by_name(" ".join(body[start:]), where, prefer=focus.fits(body[start]))
    if head in TITLE_HEADS:
        person = cast.by_title(head, where, body[:-1])
        if person is None and first == "the" and focus.person is not None and not focus.person.title:
            recent = focus.spoke and focus.since >= focus.paragraph - 1
            return focus.person if recent and head not in focus.unnamed_roles else None
        return person
    if head in _DOCUMENT_WORDS and determiner:
        return focus.person
    return None


def _sentence_subject(text, first, last, number, cast: Cast, focus: Focus) -> Person | None:
    """The person a sentence is about: its first speaker-like phrase after any opening adverbial.

    An opening prepositional or participial phrase ("On Tuesday evening, …") is skipped up to its
    comma; "the" may lead a title ("The U.S. secretary met") or a name ("the elder Dominguez"); a
    name in apposition to the subject counts ("Israel's chief negotiator, Amos Lev, met"), but after
    a possessive relation only when the sentence reports speech ("Gonzalez's son, Luis Gonzalez,
    said"): "Her mother, Loretta Whitlock, played organ" is about a relative of the person in focus,
    who stays in focus.
    """
    tokens = _tokens(text[first:min(last, first + _MAX_CONTEXT)])
    if tokens and _opens_adverbial(tokens[0]) and "," in tokens[:16] and not (
            tokens[0].endswith(("ing", "ed")) and _capitalised(tokens[1])
            and _person_at(tokens, 0, number, first, cast, focus)):
        tokens = tokens[tokens.index(",") + 1:]  # but "Housing Minister Jane Roe …" is no adverbial
    if not tokens:
        return None
    word = tokens[0].casefold()
    if (word in _TIME_OPENERS and len(tokens) > 2 and tokens[1].casefold() in _TIME_NOUNS
            and tokens[2] in SPEAKER_PRONOUNS):
        word = tokens[2]
    if word in SPEAKER_PRONOUNS:
        return focus.referent(word)
    if word in _DETERMINERS:
        for index, token in enumerate(tokens[1:5], start=1):
            if token.casefold() in TITLE_HEADS and token.islower():
                qualifiers = tokens[1:index]
                if tokens[index + 1:index + 2] == ["of"]:  # "The leader of the opposition …"
                    qualifiers += [t for t in tokens[index + 2:index + 4] if t.islower()]
                person = cast.by_title(token, (number, first), qualifiers)
                if person is not None:
                    person.add_alias(" ".join(tokens[:index + 1]))
                    return person
                break
        else:
            named = next((i for i, t in enumerate(tokens[1:4], start=1) if not t.islower()), None)
            if named is not None and _capitalised(tokens[named]):
                person = _person_at(tokens, named, number, first, cast, focus)
                if person is not None:
                    return person
    possessive = word in _POSSESSIVES or tokens[0].endswith(("'s", "’s"))
    if _capitalised(tokens[0]) and not possessive:
        person = _person_at(tokens, 0, number, first, cast, focus)
        if person is not None:
            return person
    if "," in tokens[:8]:
        comma = tokens.index(",")
        person = _person_at(tokens, comma + 1, number, first, cast, focus, appositive=True)
        relative = possessive and any(t.casefold() in KINSHIP for t in tokens[1:comma])
        if not relative or _reports_speech(tokens):
            return person
        focus.note(person)
    return None


def _reports_speech(tokens: list[str]) -> bool:
    return any(t in SPEECH_VERBS and t.islower() for t in tokens[:24])


def _person_at(tokens, start, number, first, cast: Cast, focus: Focus, *, appositive=False) -> Person | None:
    """The person named by the run at `start`, titles included ("Council member Gary Whitfield said",
    "Israel's chief negotiator, Amos Lev, met")."""
    end = start
    while end < len(tokens) and (
        _capitalised(tokens[end]) or tokens[end] in _NAME_CONNECTORS or tokens[end] in _LOWERCASE_TITLE_WORDS
        or (end > start and tokens[end][:1].isupper() and tokens[end].casefold() in TITLE_MODIFIERS)
    ):  # "Sgt. First Class Ana Rios"
        end += 1
    if end == start or (appositive and tokens[end:end + 1] != [","]):
        return None
    person = cast.by_name(" ".join(tokens[start:end]), (number, first), prefer=focus.fits(tokens[start]))
    return person if person is not None and person.kind == "person" else None


def _opens_adverbial(token: str) -> bool:
    folded = token.casefold()
    return folded in PREPOSITIONS or folded in _ADVERBIAL_OPENERS or folded.endswith(("ing", "ed"))


def _tokens(text: str) -> list[str]:
    return list(_cached_tokens(text))


@functools.lru_cache(maxsize=1024)
def _cached_tokens(text: str) -> tuple[str, ...]:
    """Words and punctuation of a stretch of at most `_MAX_CONTEXT` characters; several rules read
    the same sentence."""
    return tuple(_TOKEN.findall(text))


def _capitalised(token: str) -> bool:
    return (token[:1].isupper() or bool(_PARTICLE_PREFIX.match(token))) and token.casefold() not in _NOT_NAMES
