"""Recognising the people (and organisations) a document names.

A capitalised run of words ("U.S. Secretary of State Antony Blinken") splits into a title, made of
title words ("Secretary", "Prime", "Minister") with the modifiers, demonyms and initialisms around
them ("Kenyan Environment Minister", "Boulder County Sheriff"), and a name, cut before "of"
("Walter Greer of Kentucky"). The name is a person when:
- it has at least two words (first and last name), none of them a function word, weekday, pronoun,
  title word or all-capital acronym (a month, or a place that is also a given name, may be a first
  name: "June Pellham", "Jordan Price");
- its last word is not an organisation, place or building word (Court, Ministry, East, Strip,
  Towers), its first is not a place prefix (Loch, Mount), and it is not a known place;
- it is not introduced by "the" ("the International Criminal Court"), does not stand where places
  and things do ("in Big Bear, California", "the consultancy Maritime Insight", "the Sunshine
  Canyon fire"), and is not inside a title, sign or other title-case quoted span;
- a sentence-initial first word is not one the document also uses in lower case ("Like
  Netanyahu, …"); a quoted nickname inside a name is skipped (Terrell ``The Hammer'' Banks).
A headline or standfirst in title case names nobody new.
Single-word mentions ("Blinken", "President Herzog") become aliases of the person whose last name
they match. When two people share it, the bare surname keeps meaning the one the text last called
by it; before that, the one most recently mentioned in the main run of a sentence, not in passing
("met with Herzog", "whose brother, Nadav Ben-Ami,", "Her father, Angus Campbell,").
Titles come from the title words before the name, else from lower-case title words before it ("head
coach Jonah Park"), else from an appositive after it ("Jonah Park, the team's head coach,", "Tom
Finch, 34, a teacher,"). Title words include abbreviations written without full stops (Cllr, Det Con,
DCI, Supt, Revd) and letters after a name (Simon Achebe KC, Jane Hale MP, Iris Cole OBE, Jr.): none of
them is ever part of a name. "Tom and Laura Finch" names two Finches; a single word that is nobody's
surname may be somebody's first name ("Laura said"); a relative named by given name alone takes the
surname of the person named last ("Ron Tivey … His wife, June, runs the till").
"""

import bisect
import functools
import re
from dataclasses import dataclass, field

from .lexicon import (
    FEMALE_NAMES,
    FUNCTION_WORDS,
    HONORIFICS,
    KINSHIP,
    MALE_NAMES,
    MONTHS,
    ORGANIZATION_WORDS,
    PLACE_PHRASES,
    PLACE_PREFIXES,
    PLACE_WORDS,
    PLACES,
    PORTFOLIOS,
    POST_NOMINALS,
    PREPOSITIONS,
    PRONOUNS,
    RANK_ABBREVIATIONS,
    SPEECH_INFINITIVES,
    SPEECH_VERBS,
    THING_NOUNS,
    TITLE_HEADS,
    TITLE_MODIFIERS,
    WEEKDAYS,
)
from .sentences import sentence_starts

_UPPER = "".join(chr(c) for c in range(0x2000) if chr(c).isupper())
_ABBREVIATIONS = (
    r"(?:Mr|Mrs|Ms|Mx|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Maj|Adm|Cmdr|Rev|Revd|Prof|Jr|Sr|St|Pres|Amb|Cllr|"
    r"Det|Insp|Supt|Esq)\."
)
_NAME_PREFIX = r"(?:al|el|ad|ash|bin|ibn|abu|abd|ben|van|von|de|da|di|du|le|la|d['’]|o['’])-?"
_CAPITALISED = (
    rf"(?:{_ABBREVIATIONS}|(?:[{_UPPER}]\.){{1,4}}|"
    rf"(?:{_NAME_PREFIX}(?=[{_UPPER}]))?[{_UPPER}][^\W_]*(?:['’-][^\W_]+)*)"
)
_CONNECTOR = r"(?:of|the|for|de|del|della|da|di|du|van|von|der|den|la|le|bin|ibn|al|el|ben|ter)"
# A nickname in quotation marks inside a name: Terrell ``The Hammer'' Banks, Clarence “Sticks” Moody.
_NICKNAME = r"(?:``|''|[“\"])[^“”\"'`]{1,30}?(?:''|[”\"])"
# Capitalised function words open most sentences; skipping them here saves reading thousands of runs.
_COMMON_OPENERS = (
    r"(?:The|A|An|He|She|It|They|We|I|His|Her|Its|Their|In|On|At|By|For|But|And|Or|If|As|When|While|"
    r"After|Before|This|That|These|Those|There|Then|So|Some|Many|Most|One|No|Not|Now|Still|Yet)\b"
    r"(?!['’.-])"
)
# Runs are capped at eight words: longer capitalised stretches are headlines in title case, not names.
# A run opens with a capital or the first letter of a name prefix; testing that first saves time.
# Those letters are word characters, so no word character may stand before one where a word boundary
# is: the cheap boundary test turns away the middle of every word before the look-behind runs.
_RUN = re.compile(
    rf"\b(?=[{_UPPER}aebivdlo])(?<!['’&])(?!{_COMMON_OPENERS}){_CAPITALISED}"
    rf"(?:(?: {_CONNECTOR}){{0,2}}(?: {_NICKNAME})? {_CAPITALISED}){{0,7}}"
)
_NICKNAME_IN_RUN = re.compile(rf" {_NICKNAME}(?= )")
_POSSESSIVE = re.compile(r"['’]s?$")
_INITIALISM = re.compile(r"^(?:[A-Z]\.){1,4}$|^[A-Z]{2,3}$")
_DEMONYM = re.compile(r"(?:an|ean|ese|ish|eli|aqi|ani|ch|ic)$")
# Name particles, Irish ones included ("Colm Ó Flaithearta", "Éanna Mac Giolla").
_PARTICLES = frozenset(
    "de del della da di du van von der den la le bin ibn al el ben ter ó ní nic mac ua".split()
)
_TRAILING_CONNECTORS = _PARTICLES | {"of", "and", "for", "the"}
_STOP_WORDS = (FUNCTION_WORDS - _PARTICLES - {"of", "for"}) | WEEKDAYS | PRONOUNS
_NAME_PREFIX_RE = re.compile(rf"^{_NAME_PREFIX}(?=[{_UPPER}])")
# "Born Eleanor Pratt in Bethnal Green", "(née Pratt)": a birth name is nobody new, and no topic.
_BIRTH_NAME = re.compile(r"(?<![\w'’])(?:[Bb]orn|née|nee) $")
# "the Taoiseach has", "the Speaker," : a capitalised word after "the" and before no other.
_ROLE_AFTER_THE = re.compile(r"(?:The|the) ([A-Z][a-z]+)(?![\w’'-]| [A-Z])")
_NICKNAME_MARKS = re.compile("[\"“”`'’][\"“”`'’]? ")  # one mark spelt out first, to skip ahead to it
_FOLLOWING_PLACE = re.compile(r", ([A-Z][\w.]*(?: [A-Z][\w.]*)?)")
_CLAUSE_BREAK = re.compile(r"[,.;:]\s")
# Honorifics that say how to address someone but are no title; "Dr." and "Prof." are titles.
_FORMS_OF_ADDRESS = frozenset(
    "mr mrs ms miss mx sir dame lord lady shri sri smt shrimati aunty auntie uncle".split()
)
# Titles as copy abbreviates them, so that "the doctor" finds "Dr. Samuel Ouédraogo".
_TITLE_ABBREVIATIONS = {
    "doctor": "dr", "professor": "prof", "senator": "sen", "governor": "gov", "general": "gen",
    "representative": "rep", "reverend": "rev", "lieutenant": "lt", "colonel": "col", "captain": "capt",
}
# Words by which copy names the same role in different ways ("the shadow chancellor", "Shadow Chancellor").
_ROLE_SYNONYMS = {"pm": "minister", "premier": "minister", "boss": "manager", "gaffer": "manager",
                  "councilor": "councillor", "cllr": "councillor", "councilman": "councillor",
                  "councilwoman": "councillor", "recorder": "judge", "justice": "judge",
                  # abbreviations, so that "the detective constable" finds "Det Con Lee Garvey"
                  "dr": "doctor", "prof": "professor", "det": "detective", "con": "constable",
                  "pc": "constable", "dc": "constable", "insp": "inspector", "di": "inspector",
                  "dci": "inspector", "supt": "superintendent", "sgt": "sergeant", "ds": "sergeant",
                  "ch": "chief", "rev": "reverend", "revd": "reverend", "gov": "governor", "sen": "senator",
                  "gen": "general", "lt": "lieutenant", "col": "colonel", "capt": "captain",
                  "rep": "representative"}
# Words in a title that make it a different role from the bare head ("shadow chancellor").
_RANKS = frozenset("shadow deputy vice assistant former acting interim junior associate".split())
_ROLE_FILLERS = frozenset("the a an of for and".split())
_ROLE_WORDS = frozenset(_ROLE_SYNONYMS.values())
_ANY_TITLE_WORD = TITLE_HEADS | TITLE_MODIFIERS
_TITLE_WORDS = _ANY_TITLE_WORD - {"of", "the", "and", "for"}
# Places that are also common given names: first names when a surname follows ("Jordan Price").
_RELATIVE_BEFORE = re.compile(rf"\b(?:[Hh]is|[Hh]er|[Tt]heir) (?:{'|'.join(sorted(KINSHIP))}), $")
_GIVEN_NAMES = MALE_NAMES | FEMALE_NAMES
_PLACE_GIVEN_NAMES = frozenset("jordan georgia chad india israel sydney florence victoria austin".split())
# Titles held for a seat or a portfolio ("the member for Thanet Downs"; "a spokesman for" is not one).
_SEAT_HOLDERS = frozenset("member members mp senator councillor representative minister secretary".split())
_PLACE_PREPOSITIONS = frozenset("in near outside inside across throughout".split())
_NOT_NAME_WORDS = FUNCTION_WORDS | WEEKDAYS | MONTHS | PRONOUNS | TITLE_HEADS
# ", the team's head coach," or, with an age first, ", 34, a teacher,".
# A lede runs over the standfirst and the first few paragraphs.
_LEDE_PARAGRAPHS = 4
# "The chief executive of Severnside Water has …": a role as a sentence's subject.
_ROLE_SUBJECT = re.compile(r"[Tt]he ((?:[a-z-]+ ){0,3})([a-z]+)\b(?= (?:of|for|at) [A-Z]| [a-z]+(?:ed|s)\b)")
# "The prime minister, " or "the Speaker, " just before a name.
_LEADING_APPOSITIVE = re.compile(r"(?<![\w'’])[Tt]he\s([^,.;:()“”\"]{2,50}),\s$")
_APPOSITIVE = re.compile(
    r",\s+(?:\d{1,3},\s+)?(?:the|a|an|who is the|who is a)\s+([^,.;:()]{2,60}?)\s*(?:[,.;:)]|$)"
)


@dataclass(slots=True)
class Person:
    """Someone the document names; an organisation only when it speaks."""

    name: str
    title: str = ""
    kind: str = "person"
    aliases: list[str] = field(default_factory=list)
    seen_at: list[tuple[int, int]] = field(default_factory=list)
    led_at: list[tuple[int, int]] = field(default_factory=list)
    called_at: list[tuple[int, int]] = field(default_factory=list)
    roles: list[list[str]] = field(default_factory=list)

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    def add_role(self, words: list[str]) -> None:
        """Remember a title the text gives this person anywhere, as lower-case words without stops."""
        role = [_ROLE_SYNONYMS.get(w, w) for w in " ".join(words).casefold().replace(".", "").split()]
        if role and role not in self.roles:
            self.roles.append(role)

    def add_alias(self, alias: str) -> None:
        if alias and alias != self.name and alias not in self.aliases:
            self.aliases.append(alias)


@dataclass(frozen=True, slots=True)
class Mention:
    """One place a unit of text names somebody or something."""

    unit: int
    start: int
    end: int
    surface: str
    person: Person | None


class LowercaseWords:
    """The words (all a-z) a text uses whole in lower case, as `word in words` asks.

    Found on demand: a document asks about a few dozen words, and finding those few costs far less
    than collecting every word of the text.
    """

    __slots__ = ("_text", "_known")

    def __init__(self, text: str) -> None:
        self._text = text
        self._known: dict[str, bool] = {}

    def __contains__(self, word: str) -> bool:
        known = self._known.get(word)
        if known is None:
            known = self._known[word] = _uses_whole(self._text, word)
        return known


class _RoleWords:
    """The capitalised words a text uses as roles ("the Taoiseach has"), as `word in words` asks.

    Collected on the first question: most documents have no run that asks.
    """

    __slots__ = ("_text", "_words")

    def __init__(self, text: str) -> None:
        self._text = text
        self._words: set[str] | None = None

    def __contains__(self, word: str) -> bool:
        if self._words is None:
            self._words = set(_ROLE_AFTER_THE.findall(self._text))
        return word in self._words


def _uses_whole(text: str, word: str) -> bool:
    """Whether an a-z word stands in the text with no letter, digit or underscore either side."""
    if not (word.isascii() and word.isalpha() and word.islower()):
        return False
    index = text.find(word)
    while index >= 0:
        end = index + len(word)
        if not _is_word_character(text[index - 1:index]) and not _is_word_character(text[end:end + 1]):
            return True
        index = text.find(word, index + 1)
    return False


def _is_word_character(character: str) -> bool:
    """Whether a character is one a regular expression's \\w matches ("" at either end of a text is not)."""
    return character.isalnum() or character == "_"


@dataclass(slots=True)
class Cast:
    """Everyone named in a document, with every mention in reading order."""

    people: list[Person]
    mentions: list[Mention]
    entities: list[Mention]
    lowercase_words: LowercaseWords
    _index: tuple = field(default=(), repr=False)

    def _lookup(self) -> tuple[dict, dict, dict]:
        """People by name, surname and first name, rebuilt when somebody joins the cast (names never
        change, so an index holds while the cast's size does)."""
        if not self._index or self._index[0] != len(self.people):
            by_full, by_last, by_first = {}, {}, {}
            for person in self.people:
                by_full.setdefault(person.name, person)
                if person.kind == "person":
                    words = person.name.split()
                    by_last.setdefault(words[-1], []).append(person)
                    by_first.setdefault(words[0], []).append(person)
            self._index = (len(self.people), by_full, by_last, by_first)
        return self._index[1:]

    def by_name(self, surface: str, where: tuple[int, int], prefer=None) -> Person | None:
        """The person a name or surname refers to at a point in the text.

        `prefer`, a test on a person, narrows a shared surname when some bearers pass it.
        """
        words = [w for w in _POSSESSIVE.sub("", surface).split() if w.casefold() not in HONORIFICS]
        if not words:
            return None
        key = " ".join(words)
        by_full, by_last, by_first = self._lookup()
        if " " in key:
            for person in self.people:
                if person.name == key or key in person.aliases:
                    return person
        elif key in by_full:
            return by_full[key]
        name = _split_title_cached(tuple(words))[1]
        surname = name[-1] if name else ""
        bearers = by_last.get(surname, [])
        if not bearers and len(name) == 1:
            bearers = by_first.get(surname, [])
        if prefer is not None:
            bearers = [p for p in bearers if prefer(p)] or bearers
        return _most_recent(bearers, where)

    def by_title(self, head: str, where: tuple[int, int], modifiers: list[str] = ()) -> Person | None:
        """The person given a title holding a word ("the U.S. secretary" -> "U.S. Secretary of State").

        Any title the text gave counts ("the prime minister" after "The prime minister, Rachel
        Dunmore,"); when several people hold the head word, those whose title also holds the
        `modifiers` ("shadow chancellor") come first, then those whose title adds no rank to it (the
        chancellor is not the shadow chancellor).
        """
        folded = head.casefold()
        heads = {_ROLE_SYNONYMS.get(w, w) for w in (folded, _TITLE_ABBREVIATIONS.get(folded, ""))}
        wanted = {_ROLE_SYNONYMS.get(m, m) for m in (m.casefold().rstrip(".") for m in modifiers)}
        wanted -= _ROLE_FILLERS
        ranked: dict[tuple[int, int], list[Person]] = {}
        for person in self.people:
            fits = [set(role) for role in person.roles if heads & set(role)]
            if fits:
                missing = min(len(wanted - role) for role in fits)
                extra = set().union(*map(_qualifiers, fits)) - wanted
                if not _qualifiers(wanted) - _RANKS:
                    extra &= _RANKS
                rank = missing, len(extra)
                ranked.setdefault(rank, []).append(person)
        return _most_recent(ranked[min(ranked)], where) if ranked else None

    def organization(self, name: str) -> Person:
        for person in self.people:
            if person.name == name:
                return person
        person = Person(name=name, kind="organization")
        self.people.append(person)
        return person


def _qualifiers(role: set[str]) -> set[str]:
    """The words that make a title a narrower role than its head: a rank ("shadow chancellor") or a
    team, place or body ("Harbridge manager" is not "the Wexley boss"; a name counts only when the
    reference names one too, as "the minister" is any minister)."""
    named = {w for w in role - _ROLE_FILLERS if w not in _ANY_TITLE_WORD and w not in _ROLE_WORDS
             and w not in PORTFOLIOS}
    return (role & _RANKS) | named


def find_cast(units: dict[int, str], quoted: dict[int, list[tuple[int, int]]]) -> Cast:
    """Find people in the text units (-1 headline, 0 standfirst, 1… body paragraphs, datelines masked).

    A headline or standfirst written in title case names nobody new: its capitals carry no signal.
    Neither do titles, signs and other quoted spans in title case (`quoted` holds their ranges per
    unit): there a name may only refer to somebody the text names elsewhere.
    """
    everything = " ".join(units.values())
    lowercase_words = LowercaseWords(everything)
    role_words = _RoleWords(everything)
    runs = []
    for unit, text in units.items():
        for match in _RUN.finditer(text):
            runs.extend(_read_run(unit, text, match, lowercase_words, role_words))
    _share_surnames(runs, units)
    runs = [run for run in runs if not _BIRTH_NAME.search(units[run.unit], max(0, run.start - 6), run.start)]
    people: dict[str, Person] = {}
    for run in runs:
        if len(run.name) < 2 or (run.unit < 1 and _title_case(units[run.unit], lowercase_words)):
            continue
        titled = run.title or run.surface.split()[0].casefold().rstrip(".") in HONORIFICS
        if run.after_the and not titled:
            continue
        if _place_context(units[run.unit], run.start, run.end) and not titled:
            continue
        if any(start <= run.start < end for start, end in quoted.get(run.unit, ())):
            continue
        if units[run.unit][run.start - 1:run.start] == "(":
            continue  # an affiliation after a name: "Cllr Martin Fair (Lib Dem, St Peter's)"
        key = " ".join(run.name)
        person = people.get(key)
        if person is None:
            person = people[key] = Person(name=key)
        person.title = person.title or " ".join(run.title)
    _merge_middle_names(people)
    cast = Cast(people=list(people.values()), mentions=[], entities=[], lowercase_words=lowercase_words)
    for run in runs:
        where = (run.unit, run.start)
        person = None
        if run.name and not (run.after_the and not run.title):
            person = people.get(" ".join(run.name)) or cast.by_name(" ".join(run.name), where)
        mention = Mention(run.unit, run.start, run.end, run.surface, person)
        if person is None:
            cast.entities.append(mention)
            continue
        person.seen_at.append(where)
        if run.title:
            person.add_role(run.title)
        if not _subordinate(units[run.unit], run.start, run.end):
            person.led_at.append(where)
        if run.name == [person.surname]:
            person.called_at.append(where)
        cast.mentions.append(mention)
        if len(run.name) == 1:
            person.add_alias(run.name[0])
            if run.title:
                person.add_alias(run.surface)
        person.title = person.title or " ".join(run.title)
    _titles_from_context(cast, units)
    _roles_from_ledes(cast, units)
    return cast


def _roles_from_ledes(cast: Cast, units: dict[int, str]) -> None:
    """In the lede, a role that opens a sentence and fits nobody the text has titled, followed by a
    sentence that opens with an untitled person's full name, is that person's role: "The chief
    executive of Severnside Water has defended her bonus. … Rebecca Thorne told the committee …"
    (the news lede that names the person second). A standfirst that opens with such a role under a
    headline that names one person speaks of that person ("Pellow finally finds the number" / "The
    prime minister survived another Wednesday")."""
    openers: dict[int, list[Mention]] = {}
    for mention in cast.mentions:
        if " " in mention.surface and mention.person.kind == "person":
            openers.setdefault(mention.unit, []).append(mention)
    headline = {id(m.person): m.person for m in cast.mentions if m.unit == -1 and m.person.kind == "person"}
    pending: list[str] = []
    for unit in sorted(units):
        text = units[unit]
        if unit < 0 or not text or unit > _LEDE_PARAGRAPHS:
            continue
        for start in sentence_starts(text):
            role = _ROLE_SUBJECT.match(text, start)
            person = next((m.person for m in openers.get(unit, ()) if m.start == start), None)
            if pending and person is not None and not person.roles:
                person.add_role(pending)
            pending = []
            if role and role.group(2) in TITLE_HEADS and cast.by_title(
                    role.group(2), (unit, start), role.group(1).split()) is None:
                pending = role.group(0).split()[1:]
                named = next(iter(headline.values())) if len(headline) == 1 else None
                if unit == 0 and named is not None and not named.roles:
                    named.add_role(pending)
                    pending = []


def _share_surnames(runs: list, units: dict[int, str]) -> None:
    """Given names that take a surname from their context: "Tom and Laura Finch" names two Finches,
    and "His wife, June, runs the till" names June with the surname of the person named last."""
    named = None
    for index, (run, following) in enumerate(zip(runs, runs[1:] + [None], strict=False)):
        if len(run.name) == 1 and not run.title and run.unit > 0:
            text = units[run.unit]
            if (following is not None and len(following.name) == 2 and following.unit == run.unit
                    and text[run.end:following.start] == " and "
                    and not _place_context(text, following.start, following.end)):
                name = [run.name[0], following.name[1]]
                runs[index] = _Run(run.unit, run.start, run.end, run.surface, [], name, run.after_the)
            elif named is not None and text[run.end:run.end + 2] in (", ", " (") and _RELATIVE_BEFORE.search(
                    text, max(0, run.start - 30), run.start):
                runs[index] = _Run(run.unit, run.start, run.end, run.surface, [], [run.name[0], named],
                                   run.after_the)
        if len(run.name) >= 2 and not run.after_the:
            named = run.name[-1]


def _place_context(text: str, start: int, end: int) -> bool:
    """Whether a phrase stands where places and things do: "in Big Bear, California", "near Haifa",
    "the consultancy Maritime Insight", "the Sunshine Canyon fire"."""
    before = text[max(0, start - 30):start].split()
    if before and (before[-1] in _PLACE_PREPOSITIONS or before[-1] in THING_NOUNS):
        return True
    if len(before) > 1 and (
            (before[-1] == "of" and before[-2] in THING_NOUNS)
            or (before[-1] == "for" and (before[-2] in _SEAT_HOLDERS or before[-2] in POST_NOMINALS))
            or (before[-1] == "from" and before[-2].casefold() in TITLE_HEADS)):
        return True  # "the community of Gold Hill", "the member for Thanet Downs", "a teacher from Leeds"
    after = text[end:end + 20].split()
    if after and after[0] in THING_NOUNS:
        return True
    if before and before[-1] == "of" and text[end:end + 2] == ", " and text[end + 2:end + 3].isupper():
        return True  # an address: "Daniel Pike, 41, of Mill Lane, Hexworth"
    after = _FOLLOWING_PLACE.match(text, end, end + 30)
    place = after.group(1).rstrip(".").casefold() if after else ""
    return place in PLACES or place in PLACE_PHRASES


def _title_case(text: str, lowercase_words: LowercaseWords) -> bool:
    """Whether a line capitalises ordinary words ("Minister Tells Parliament The Budget Is Ready")."""
    words = text.split()[1:]
    ordinary = [w for w in words if w[:1].isupper() and (w.casefold() in lowercase_words or w.casefold() in
                                                          FUNCTION_WORDS)]
    return len(ordinary) >= 2


@dataclass(frozen=True, slots=True)
class _Run:
    unit: int
    start: int
    end: int
    surface: str
    title: list[str]
    name: list[str]
    after_the: bool


def _read_run(unit, text, match, lowercase_words, role_words):
    """Split a capitalised run into the names and titles in it; a word the text uses as a role ("the
    Taoiseach") is a title before a name ("Taoiseach Conor Malone")."""
    run = match.group()
    if _NICKNAME_MARKS.search(run):
        run = _NICKNAME_IN_RUN.sub(lambda m: " " * len(m.group()), run)
    tokens, offset = [], match.start()
    for word in run.split(" "):
        if word:
            tokens.append((offset, word))
        offset += len(word) + 1
    sentence_initial = _sentence_initial(text, match.start())
    given_month = False
    after_the = text[max(0, match.start() - 4):match.start()] in ("the ", "The ")
    pieces = []
    current: list[tuple[int, str]] = []
    for index, (offset, word) in enumerate(tokens):
        folded = word.casefold().replace("’", "'").split("'")[0]
        if folded == "the" and index == 0:
            after_the = True
            continue
        stop = folded in _STOP_WORDS and not (word.isupper() and len(word) > 1)
        # A month names a date unless a name follows it ("June Pellham") or a relation introduces it
        # ("His wife, June, runs the till").
        given_month = len(tokens) == 1 and folded in MONTHS and _RELATIVE_BEFORE.search(
            text, max(0, offset - 30), offset)
        stop = stop or (folded in MONTHS and index == len(tokens) - 1 and not given_month)
        if index == 0 and sentence_initial and _ordinary(folded, stop, lowercase_words):
            continue
        if stop:
            pieces.append(current)
            current = []
            continue
        current.append((offset, word))
    pieces.append(current)
    out = []
    for piece in pieces:
        while piece and piece[-1][1].casefold() in _TRAILING_CONNECTORS:
            piece = piece[:-1]
        while piece and piece[0][1] in ("of", "for", "and"):
            piece = piece[1:]  # "Maker of Crunchers" after a skipped sentence-initial word
        if not piece:
            continue
        words = [w for _, w in piece]
        last = _POSSESSIVE.sub("", words[-1]) if not words[-1].endswith("s'") else words[-1][:-1]
        words[-1] = last or words[-1]
        start = piece[0][0]
        end = piece[-1][0] + len(piece[-1][1])
        title, name = _title_and_name(tuple(words))
        if given_month:
            name = words
        if not title and len(words) > 2 and words[0] in role_words:
            title, name = [words[0]], _title_and_name(tuple(words[1:]))[1]
        out.append(_Run(unit, start, end, " ".join(words), title, name, after_the))
        after_the = False
    return out


def _ordinary(folded: str, stop: bool, lowercase_words: LowercaseWords) -> bool:
    """Whether a sentence's first word is an ordinary word rather than the start of a name; a speech
    verb opening a sentence is an imperative ("“Ask Gareth Pryce,” she said")."""
    return stop or folded in SPEECH_VERBS or folded in SPEECH_INFINITIVES or (
        folded not in _ANY_TITLE_WORD and (folded in lowercase_words or folded + "s" in lowercase_words))


@functools.lru_cache(maxsize=4096)
def _title_and_name(words: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """A run's title words and its name words (empty unless they can name a person)."""
    title, name = _split_title_cached(words)
    if not (_is_person_name(name) or (len(name) == 1 and _is_name_word(name[0]))):
        name = []
    return title, name


@functools.lru_cache(maxsize=4096)
def _split_title_cached(words: tuple[str, ...]) -> tuple[list[str], list[str]]:
    return _split_title(list(words))


def _split_title(words: list[str]) -> tuple[list[str], list[str]]:
    """Split leading title words ("U.S. Secretary of State", "Boulder County Sheriff") from a name.

    The title runs over title words, modifiers and initialisms up to its last head word; when other
    other capitalised words lead into the head ("Boulder County Sheriff", "Chief Financial Officer")
    a two-word name must follow it.
    """
    suffix = []
    while len(words) > 1 and words[-1] in POST_NOMINALS:
        suffix.insert(0, words.pop())
    last_head = -1
    for index, word in enumerate(words):
        folded = word.casefold().rstrip(".")
        if _is_title_head(word, folded):
            last_head = index
        elif not (folded in TITLE_MODIFIERS or folded in PORTFOLIOS or _INITIALISM.match(word)
                  or _DEMONYM.search(folded)):
            break
    heads = [i for i, w in enumerate(words) if _is_title_head(w, w.casefold().rstrip("."))]
    if heads and heads[-1] > last_head and len(words) - heads[-1] > 2:
        last_head = heads[-1]
    split = last_head + 1
    if split < len(words) and words[split].casefold() in ("of", "for"):
        split += 1
        while split < len(words) and (words[split].casefold() in TITLE_MODIFIERS
                                      or words[split].casefold() in PORTFOLIOS):
            split += 1
    title = [w for w in words[:split] if w.casefold().rstrip(".") not in _FORMS_OF_ADDRESS] or suffix
    name = words[split:]
    for index, word in enumerate(name):
        if word in ("of", "for", "the"):
            return title, name[:index]
    return title, name


def _is_title_head(word: str, folded: str) -> bool:
    """A title's head word: "Minister", "Cllr", "DCI", "TD" in "Labour TD Seán Ó Ceallaigh", or a
    compound holding one ("Chef-owner")."""
    if folded in TITLE_HEADS or folded in HONORIFICS or word in RANK_ABBREVIATIONS or word == "Elder":
        return True  # "Elder" only capitalised: "his elder brother" is no title
    if word.isupper() and word in POST_NOMINALS:
        return True
    return "-" in folded and any(part in TITLE_HEADS for part in folded.split("-"))


def _is_person_name(name: list[str]) -> bool:
    if not 2 <= len(name) <= 4:
        return False
    # A particle is no name word, unless it is a given name opening the name ("Ben Aldous").
    real = [w for i, w in enumerate(name) if w.casefold() not in _PARTICLES or (
        i == 0 and w.casefold() in _GIVEN_NAMES and w[:1].isupper())]
    if len(real) < 2 or not all(_is_name_word(w) for w in real[1:]):
        return False
    first = real[0].casefold()
    if not (_is_name_word(real[0]) or first in MONTHS or first in _PLACE_GIVEN_NAMES):
        return False
    if any(w.endswith(("'s", "’s")) for w in name[:-1]):
        return False
    if real[0].casefold().rstrip(".") in PLACE_PREFIXES:
        return False
    last = real[-1].casefold()
    phrase = " ".join(name).casefold()
    if last in PLACE_WORDS or last in PLACES or phrase in PLACE_PHRASES:
        return False
    return not all(w.casefold() in PLACES for w in real)


def _subordinate(text: str, start: int, end: int) -> bool:
    """Whether a mention is by the way, so that it should not take over a shared surname: after a
    preposition or a relation ("met with Herzog", "alongside his brother Alan Pryce"), inside a
    relative clause ("Gareth Pryce, who worked with Tom Evans"), or in an appositive to a relative
    clause or a relation ("Yael Ben-Ami, whose brother, Nadav Ben-Ami, has been held"; "Her father,
    Angus Campbell, kept")."""
    before = text[max(0, start - 60):start]
    words = before.split()
    if words and (words[-1].casefold() in PREPOSITIONS or words[-1].casefold() in KINSHIP):
        return True  # "met with Herzog", "worked alongside his brother Alan Pryce"
    clause = _CLAUSE_BREAK.split(before)[-1].split()
    if clause and clause[0].casefold() in ("who", "whose", "whom", "which"):
        return True  # "says Gareth Pryce, 67, who worked with Tom Evans for 31 years"
    if not (before.endswith(", ") and text[end:end + 1] == ","):
        return False
    clause = [w.casefold() for w in _CLAUSE_BREAK.split(before[:-2])[-1].split()]
    return bool(clause) and (clause[0] in ("whose", "who", "whom", "which") or bool(set(clause) & KINSHIP))


def _is_name_word(word: str) -> bool:
    word = _NAME_PREFIX_RE.sub("", word) or word
    folded = word.casefold()
    if folded in _NOT_NAME_WORDS or folded in ORGANIZATION_WORDS or folded in PLACE_WORDS:
        return False
    if folded in PLACES:
        return False
    if any(c.isdigit() for c in word):
        return False  # a model or a code ("Il-76", "A320"), never a name
    return word[0].isupper() and not (word.isupper() and len(word.rstrip(".")) > 1)


def _merge_middle_names(people: dict[str, Person]) -> None:
    """"Antony J. Blinken" and "Antony Blinken" are one person."""
    for key in list(people):
        words = key.split()
        if len(words) > 2:
            short = f"{words[0]} {words[-1]}"
            if short in people and short != key:
                people[short].add_alias(key)
                del people[key]


def _most_recent(candidates: list[Person], where: tuple[int, int]) -> Person | None:
    """The candidate mentioned last before a point in the text, else the first one mentioned after it.

    A bare surname that two people share keeps meaning the one the text last called by it (copy
    calls the other by full or first name); before either was called so, mentions in the main run of
    a sentence count before mentions in passing (see `_subordinate`).
    """
    if len(candidates) < 2:
        return candidates[0] if candidates else None
    for attribute in ("called_at", "led_at", "seen_at"):
        best, best_seen = None, None
        for person in candidates:
            seen = getattr(person, attribute)
            index = bisect.bisect_right(seen, where)
            if index and (best_seen is None or seen[index - 1] > best_seen):
                best, best_seen = person, seen[index - 1]
        if best is not None:
            return best
    return min(candidates, key=lambda p: p.seen_at[:1] or [(10**9, 0)])


def _sentence_initial(text: str, start: int) -> bool:
    before = text[max(0, start - 3):start].rstrip(" “\"‘'(")
    return not before or before[-1] in ".!?:;—–-"


def _titles_from_context(cast: Cast, units: dict[int, str]) -> None:
    """Titles from around the mentions: a lower-case title before a name ("head coach Jonah Park"), an
    appositive after it ("Jonah Park, the team's head coach,") or before it ("The prime minister,
    Rachel Dunmore,"). Every one is a role the person may later be called by; the first gives an
    untitled person their title."""
    for mention in cast.mentions:
        person = mention.person
        if person.kind != "person":
            continue
        text = units[mention.unit]
        before_text = text[max(0, mention.start - 60):mention.start]
        before = before_text.split()
        titles = [_title_words(before[-4:], lowercase_head=True)]
        if titles[0] and len(before) > len(titles[0]):
            qualifier = before[-len(titles[0]) - 1]
            if qualifier[:1].isupper() and qualifier.casefold() not in _STOP_WORDS:
                person.add_role([_POSSESSIVE.sub("", qualifier)] + titles[0])
        appositive = text[mention.end:mention.end + 1] == "," and _APPOSITIVE.match(text, mention.end,
                                                                                    mention.end + 80)
        titles.append(_title_words(appositive.group(1).split(), lowercase_head=False) if appositive else [])
        leading = before_text.endswith(", ") and _LEADING_APPOSITIVE.search(before_text)
        titles.append(_title_words(leading.group(1).split(), lowercase_head=False) if leading else [])
        for title in titles:
            if title:
                person.add_role(title)
                person.title = person.title or " ".join(title)


def _title_words(words: list[str], *, lowercase_head: bool) -> list[str]:
    """The title at the end of a run of words ("Hamas leader", "the team's head coach" -> "head coach",
    "the leader of the opposition" -> "leader of the opposition")."""
    tail: list[str] = []
    if "of" in words[1:] and not lowercase_head:
        index = words.index("of", 1)
        tail, words = words[index:], words[:index]
        if not all(w.casefold() in _TITLE_WORDS or w in ("of", "the") or w[:1].isupper() for w in tail):
            return []
    if not words or words[-1].casefold() not in TITLE_HEADS or (lowercase_head and not words[-1].islower()):
        return []
    start = len(words) - 1
    while start and words[start - 1].casefold() in _TITLE_WORDS:
        start -= 1
    return words[start:] + tail
