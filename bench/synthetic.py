"""Realistic synthetic news documents in the format `loadseeds` reads, deterministic for a seed.

    python bench/synthetic.py OUT_DIR [-n 10000] [--seed 1]     # writes N .txt files into OUT_DIR

or, from Python, `documents(n, seed=1)` yields (file name, text) pairs without touching the disk.

Each document: headline, a standfirst (most of the time), a body of 8-18 paragraphs holding about ten
quotations, sometimes a "We recommend to read:" list, and an author line. Attribution comes in every
style the parser meets in real copy: full name with title ("Foreign Minister Ana Ruiz said …"),
surname, pronoun, a quote split by its attribution, a colon quote, a continuation paragraph with no
attribution, an organisation speaking, an unattributed scare quote, an opening dateline. Layout
varies too: blank lines between paragraphs or not, CRLF line ends, a "By …" line.

Who and what a document is about follows the skew of a real archive: people and topics are drawn with
Zipf-like weights, so a few people and tags appear in very many documents and most appear rarely.
The pool grows with the archive: by default one person per 5 documents (20,000 people for 100,000
documents) and a few hundred topics. Document i depends only on (seed, i), so any slice of a large
archive can be generated on its own (`documents(n, seed=…, start=…)`).
"""

import argparse
import hashlib
import itertools
import random
import sys
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

FIRST_NAMES_F = """Ana Maria Sofia Elena Laura Clara Nadia Leila Hannah Grace Olivia Emma Chloe Mei Aiko Priya
Aisha Fatima Ingrid Astrid Marta Irina Yael Noa Tamar Rachel Sarah Rebecca Julia Lucia Paula Carmen Rosa
Beatriz Ines Helena Vera Nina Zara Amira Layla Keiko Yuki Sunita Kavya Adaeze Chioma Amara Thandiwe Lerato
Siobhan Niamh Fiona Margaret Catherine Elizabeth Patricia Linda Barbara Susan Karen Nancy Deborah""".split()
FIRST_NAMES_M = """Antony David Daniel Michael James John Robert William Thomas Carlos Miguel Jose Luis Pedro
Ahmed Omar Yusuf Hassan Ali Karim Tariq Samir Benjamin Isaac Yosef Avi Eitan Noam Ari Dmitri Sergei Ivan
Andrei Pavel Lars Erik Anders Henrik Jonah Ethan Lucas Mateo Diego Rafael Marco Paolo Luca Giorgio Kenji
Hiroshi Takeshi Raj Arjun Vikram Rohan Kwame Kofi Chinedu Tunde Sipho Thabo Liam Sean Patrick Owen Gareth
Rhys Hugo Louis Pierre Jean Olivier Felix Maximilian Stefan Klaus Jan Piotr Tomasz""".split()
LAST_NAMES = (
    """Alvarez Okafor Lindqvist Moreau Tanaka Haddad Kowalski Brennan Rossi Nakamura Petrov Mensah
Castillo Weber Dubois Fischer Novak Horvat Jensen Larsen Ibrahim Rahman Khan Shapiro Cohen Levi Mizrahi
Friedman Goldberg Katz Peretz Amsalem Barak Dayan Oren Sharon Hadad Nasser Saleh Darwish Khoury Aziz Farouk
Mansour Hakimi Demir Yilmaz Kaya Celik Ozturk Popescu Ionescu Georgiou Papadopoulos Nikolaidis Costa Silva
Santos Oliveira Pereira Ferreira Rodrigues Gomes Martins Sousa Fernandes Lopez Garcia Martinez Hernandez
Gonzalez Perez Sanchez Ramirez Torres Flores Rivera Morales Ortiz Ramos Romero Navarro Ruiz Diaz Moreno
Jimenez Munoz Herrera Medina Aguilar Vargas Castro Guerrero Mendoza Chavez Soto Delgado Vega Reyes Cruz
Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson Martin Lee
Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams Baker
Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris Murphy
Cook Rogers Morgan Cooper Peterson Bailey Reed Kelly Howard Cox Ward Richardson Watson Brooks Wood James
Bennett Gray Hughes Price Sanders Myers Long Ross Foster Powell Jenkins Perry Russell Sullivan Bell Coleman
Butler Henderson Barnes Fisher Vasquez Simmons Graham Marshall Owens Harrison Gibson Wallace Hayes Kimura
Sato Suzuki Takahashi Watanabe Yamamoto Kobayashi Yoshida Yamada Nakajima Patel Sharma Singh Gupta Mehta
Reddy Iyer Nair Rao Chopra Adeyemi Okonkwo Nwosu Abubakar Balogun Eze Mwangi Otieno Kamau Ndlovu Dlamini
Nkosi Mokoena Botha Van Wyk Schmidt Schneider Becker Hoffmann Schulz Koch Richter Wolf Neumann Braun
Zimmermann Kruger Hartmann Lange Werner Krause Meier Lehmann Kaiser Fuchs Vogel Keller Jung Hahn Schubert
Nowak Wisniewski Wojcik Kaminski Lewandowski Zielinski Szymanski Dabrowski Kozlowski Jankowski Mazur
Kwiatkowski Krawczyk Ivanov Smirnov Kuznetsov Popov Sokolov Lebedev Kozlov Novikov Morozov Volkov Solovyov
Vasiliev Zaitsev Pavlov Semenov Golubev Vinogradov Bogdanov Vorobyov Andersson Johansson Karlsson Nilsson
Eriksson Larsson Olsson Persson Svensson Gustafsson Pettersson Jonsson Hansen Nielsen Pedersen Kristensen
Rasmussen Madsen Christensen Mortensen Byrne Ryan OBrien Walsh McCarthy Gallagher Doherty Kennedy Lynch
Murray Quinn Moore Duffy Nolan Farrell""".replace("Van Wyk", "Vanwyk")
    .replace("OBrien", "O'Brien")
    .split()
)
TITLES = """Foreign Minister|Defense Minister|Finance Minister|Health Minister|Prime Minister|President|
Senator|Governor|Mayor|Police Chief|Chief Executive|Professor|Coach|Ambassador|Judge|Spokeswoman|Spokesman|
Secretary of State|Interior Minister|Education Minister|Director|Commissioner|Economist|General|
Deputy Mayor|Opposition Leader|Chief Economist|Head Coach|Attorney General|Energy Minister""".replace(
    "\n", ""
).split("|")
ORGANIZATIONS = """Ministry of Health|Central Bank|Red Cross|United Nations|World Health Organization|
Transport Workers Union|National Weather Service|Supreme Court|Chamber of Commerce|Football Association|
Harbor Authority|Teachers Union|Energy Commission|Refugee Agency|Election Commission|City Council""".replace(
    "\n", ""
).split("|")
PLACES = """Lisbon Madrid Paris Berlin Warsaw Athens Rome Cairo Nairobi Lagos Tokyo Seoul Manila Jakarta Delhi
Mumbai Karachi Istanbul Ankara Beirut Amman Jerusalem Haifa Baghdad Tehran Riyadh Doha Dubai Toronto Chicago
Boston Houston Denver Seattle Miami Sydney Melbourne Auckland Lima Bogota Santiago Havana Kyiv Odesa Vienna
Prague Budapest Oslo Stockholm Helsinki Dublin Brussels Amsterdam Geneva Zurich Milan
Munich Hamburg""".split()
TOPICS = """budget|elections|floods|wildfires|drought|inflation|interest rates|housing|strike|ceasefire|
hostages|vaccines|hospitals|schools|tariffs|trade talks|pensions|migration|border|energy prices|
heat wave|earthquake|corruption|court ruling|protests|coalition talks|tax reform|railway|airport|
harbor|water supply|power grid|cyberattack|refugees|fishing rights|minimum wage|rent|tourism|
football|championship|olympics|transfer window|climate summit|emissions|solar farms|wind power|
oil prices|gas pipeline|ports|shipping|farmers|wheat|fertilizer|drug prices|nurses|doctors|police|
prisons|elections law|referendum|constitution|press freedom|universities|research funding""".replace(
    "\n", ""
).split("|")
OUTLETS = """Daily Ledger|Harbor Times|Capital Herald|Evening Post|Morning Tribune|Coastal Gazette|
Metro Review|Northern Star|Plains Journal|Valley News""".replace("\n", "").split("|")
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()

_QUOTE_OPENERS = """We are determined to|Nobody should have to|It is time to|We will not stop until we|
The people of this city deserve to|Our job is to|I have always said we must|There is no reason not to|
We cannot afford to|What we need now is to|The government has failed to|We're ready to|
Families can't wait any longer to|I promise we will|This is not the moment to""".replace("\n", "").split("|")
_QUOTE_VERBS = """fix the {topic}|protect families from the {topic}|talk openly about the {topic}|
invest in {place} again|end this crisis|find a fair deal on the {topic}|listen to the people of {place}|
rebuild what was lost|bring everyone back to the table|keep our promises on the {topic}|
move faster on the {topic}|stand together|tell the truth about the {topic}|plan for the next ten years|
put {place} first""".replace("\n", "").split("|")
_QUOTE_TAILS = """and we will do it now|whatever it costs|before the winter comes|
with or without their support|
and that is what we intend to do|because the evidence is clear|so that nobody is left behind|
and we have the means to do it|as soon as possible|for the sake of our children||||""".replace(
    "\n", ""
).split("|")
_SCARE_QUOTES = """historic|unacceptable|a turning point|a disaster|very strong|deeply worrying|
a wake-up call|long overdue|a first step|reckless""".replace("\n", "").split("|")
_FILLERS = """Officials in {place} said the {topic} had dominated the week, with talks due until {weekday}.|
The debate over the {topic} has divided {place} for months, and polls show voters split almost evenly.|
Analysts expect the {topic} to shape the coming months, though few predicted how quickly it would escalate.|
Talks on the {topic} resumed on {weekday} after a pause of nearly two weeks.|
Residents of {place} lined up outside the town hall on {weekday} morning to follow the proceedings.|
The figures published on {weekday} were the highest since records began, according to official data.|
Opposition parties have called for an inquiry into the handling of the {topic}.|
A final decision on the {topic} is expected before the end of the month.""".replace("\n", "").split("|")
_SPEECH_VERBS = "said|stated|declared|explained|added|told reporters|warned|insisted|remarked|noted".split(
    "|"
)


def _zipf_weights(count, exponent=1.1):
    return list(itertools.accumulate(1.0 / (rank**exponent) for rank in range(1, count + 1)))


@lru_cache(maxsize=8)
def people_pool(count: int, seed: int = 1) -> list[tuple[str, str, str, str]]:
    """`count` distinct people (full name, surname, title, pronoun), most common first."""
    rng = random.Random(f"people-{seed}")
    firsts = [(name, "she") for name in FIRST_NAMES_F] + [(name, "he") for name in FIRST_NAMES_M]
    pairs = [(first, pronoun, last) for first, pronoun in firsts for last in dict.fromkeys(LAST_NAMES)]
    rng.shuffle(pairs)
    if count > len(pairs):
        # Beyond the plain combinations, a middle initial keeps names distinct.
        pairs += [
            (f"{first} {initial}.", pronoun, last)
            for initial in "ABCDEFGHJKLMNPRSTW"
            for first, pronoun, last in pairs
        ]
    return [(f"{first} {last}", last, rng.choice(TITLES), pronoun) for first, pronoun, last in pairs[:count]]


@lru_cache(maxsize=8)
def _cumulative(count):
    return _zipf_weights(count)


def documents(
    n: int, *, seed: int = 1, start: int = 0, people: int | None = None
) -> Iterator[tuple[str, str]]:
    """Yield (file name, text) for documents start … start+n-1 of the archive for `seed`.

    `people` sizes the pool of people (default: one per 5 documents of the whole archive, at least
    500), so pass the archive's size-derived value when generating it in slices.
    """
    pool = people_pool(people or max(500, (start + n) // 5), seed)
    for index in range(start, start + n):
        rng = random.Random(f"doc-{seed}-{index}")
        text = _document(rng, pool)
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        yield f"{index:06d}_{digest}.txt", text


def _document(rng, pool):
    people_weights = _cumulative(len(pool))
    topic_weights = _cumulative(len(TOPICS))
    place_weights = _cumulative(len(PLACES))
    topic = rng.choices(TOPICS, cum_weights=topic_weights)[0]
    place = rng.choices(PLACES, cum_weights=place_weights)[0]
    cast = list(dict.fromkeys(rng.choices(pool, cum_weights=people_weights, k=rng.randint(2, 4))))
    organization = rng.choice(ORGANIZATIONS)
    weekday = rng.choice(WEEKDAYS)
    lead = cast[0]

    def words(template):
        return template.format(
            topic=rng.choices(TOPICS, cum_weights=topic_weights)[0], place=place, weekday=weekday
        )

    def quote_text():
        text = f"{rng.choice(_QUOTE_OPENERS)} {words(rng.choice(_QUOTE_VERBS))}"
        tail = rng.choice(_QUOTE_TAILS)
        return f"{text} {tail}" if tail else text

    headline = rng.choice(
        [
            f"{lead[2]} {lead[1]} vows to act on {topic} as pressure mounts in {place}",
            f"{place} braces for {topic} after talks with {lead[0]} stall",
            f"'{quote_text()}': {lead[1]} on the {topic}",
            f"{organization} warns of {topic} as {place} waits for answers",
        ]
    )
    standfirst = rng.choice(
        [
            f"Officials in {place} weigh new measures as the row over the {topic} deepens",
            f"The {topic} tops the agenda in {place} this {weekday}",
            f"Second day of talks on the {topic} ends without agreement",
            "",
        ]
    )
    paragraphs = []
    dateline = f"{place.upper()} — " if rng.random() < 0.4 else ""
    paragraphs.append(
        f"{dateline}{lead[2]} {lead[0]} on {weekday} called for swift action on the {topic}, "
        f"saying the situation in {place} was “{rng.choice(_SCARE_QUOTES)}.”"
    )
    styles = ["full", "surname", "pronoun", "split", "colon", "continuation", "organization", "unattributed"]
    introduced = {lead[0]}
    previous = lead
    for _ in range(rng.randint(6, 13)):
        if rng.random() < 0.25:
            paragraphs.append(words(rng.choice(_FILLERS)))
            previous = None
            continue
        style = rng.choice(styles)
        if style in {"pronoun", "continuation"} and previous is None:
            style = "surname"  # a pronoun or a bare quote needs its speaker in the paragraph before
        person = previous if style in {"pronoun", "continuation"} else rng.choice(cast)
        name, surname, title, pronoun = person
        if person[0] not in introduced and style in {"surname", "split", "colon"}:
            style = "full"
        verb = rng.choice(_SPEECH_VERBS)
        if style == "full":
            paragraphs.append(f"“{quote_text()},” {verb} {title} {name}.")
        elif style == "surname":
            paragraphs.append(f"“{quote_text()},” {surname} {verb}.")
        elif style == "pronoun":
            paragraphs.append(f"“{quote_text()},” {pronoun} {verb}.")
        elif style == "split":
            paragraphs.append(f"“{quote_text()},” {surname} {verb}. “{quote_text()}.”")
        elif style == "colon":
            paragraphs.append(f"{surname} told reporters in {place}: “{quote_text()}.”")
        elif style == "continuation":
            paragraphs.append(f"“{quote_text()}.”")
        elif style == "organization":
            paragraphs.append(f"“{quote_text()},” the {organization} said in a statement.")
            previous = None
            continue
        else:
            paragraphs.append(
                f"Residents described the response to the {topic} as “{rng.choice(_SCARE_QUOTES)}.”"
            )
            previous = None
            continue
        introduced.add(name)
        previous = person
    paragraphs = [p.replace("“", '"') if rng.random() < 0.1 else p for p in paragraphs]
    lines = [headline]
    if standfirst:
        lines.append(standfirst)
    author_name = f"{rng.choice(FIRST_NAMES_F + FIRST_NAMES_M)} {rng.choice(LAST_NAMES)}"
    if rng.random() < 0.2:
        lines.append(f"By {author_name}")
    lines += paragraphs
    if rng.random() < 0.3:
        lines.append("We recommend to read:")
        lines.append(f"{rng.choice(PLACES)} counts the cost of the {rng.choice(TOPICS)}")
    if rng.random() < 0.3:
        outlet = rng.choice(OUTLETS)
        lines.append(f"The {outlet} Staff is a team of journalists in {place}.")
    else:
        lines.append(
            f"{author_name} is a senior correspondent covering the {topic} for the {rng.choice(OUTLETS)}."
        )
    separator = "\n\n" if rng.random() < 0.5 else "\n"
    if rng.random() < 0.1:
        separator = separator.replace("\n", "\r\n")
    return separator.join(lines) + ("\r\n" if "\r" in separator else "\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write N synthetic news documents into a folder.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("-n", "--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=int, default=0, help="index of the first document (for slices)")
    parser.add_argument("--people", type=int, help="size of the pool of people (default: N/5, at least 500)")
    args = parser.parse_args(argv)
    args.folder.mkdir(parents=True, exist_ok=True)
    for name, text in documents(args.count, seed=args.seed, start=args.start, people=args.people):
        (args.folder / name).write_bytes(text.encode("utf-8"))
    print(f"wrote {args.count} documents to {args.folder}", file=sys.stderr)


if __name__ == "__main__":
    main()
