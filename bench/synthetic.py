"""Synthetic articles for the import benchmark: deterministic, multilingual, flat in memory.

Each row is a pure function of (seed, row number), so any row, and the original of a
duplicate, can be made again without keeping earlier rows: writing N rows needs the memory of one.
"""

import csv
import hashlib
import random
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Vocabulary:
    subjects: tuple[str, ...]
    verbs: tuple[str, ...]
    objects: tuple[str, ...]
    complements: tuple[str, ...]
    figure: str  # a sentence with a {n} that makes each article unique
    outlets: tuple[str, ...]


VOCABULARIES = {
    "it": Vocabulary(
        subjects=(
            "Il governo",
            "La società",
            "Il ministro dell'economia",
            "Un portavoce dell'azienda",
            "I ricercatori dell'università",
            "La commissione europea",
            "Il sindaco della città",
            "Gli analisti del settore",
            "Il consiglio di amministrazione",
            "Una fonte vicina al dossier",
            "La procura di Milano",
            "I sindacati dei lavoratori",
        ),
        verbs=(
            "ha annunciato",
            "ha confermato",
            "ha smentito",
            "ha presentato",
            "ha criticato duramente",
            "ha rinviato",
            "sta valutando",
            "ha pubblicato",
            "non ha ancora commentato",
            "ha approvato",
        ),
        objects=(
            "un nuovo piano di investimenti",
            "il rapporto annuale sui conti pubblici",
            "la proposta di riforma delle pensioni",
            "i dati sulla disoccupazione giovanile",
            "un accordo con le parti sociali",
            "il nuovo modello di intelligenza artificiale",
            "la chiusura dello stabilimento",
            "le stime di crescita per il prossimo anno",
            "il bilancio del primo trimestre",
            "una indagine sulle forniture ospedaliere",
        ),
        complements=(
            "nella giornata di ieri",
            "dopo mesi di trattative",
            "secondo quanto riferito dalla stampa locale",
            "in vista delle prossime elezioni",
            "senza fornire ulteriori dettagli",
            "durante una conferenza stampa a Roma",
            "tra le proteste dell'opposizione",
            "come previsto da molti osservatori",
            "nonostante le perplessità degli esperti",
            "a pochi giorni dalla scadenza",
        ),
        figure="Secondo le stime più recenti, il costo complessivo supera i {n} milioni di euro.",
        outlets=("Corriere Digitale", "La Gazzetta del Nord", "Il Quotidiano Veneto", "Radio Roma Notizie"),
    ),
    "fr": Vocabulary(
        subjects=(
            "Le gouvernement",
            "L'entreprise",
            "Le ministre de l'Économie",
            "Un porte-parole de la société",
            "Les chercheurs de l'université",
            "La Commission européenne",
            "La maire de la ville",
            "Les analystes du secteur",
            "Le conseil d'administration",
            "Une source proche du dossier",
            "Le parquet de Paris",
            "Les syndicats des salariés",
        ),
        verbs=(
            "a annoncé",
            "a confirmé",
            "a démenti",
            "a présenté",
            "a vivement critiqué",
            "a reporté",
            "étudie actuellement",
            "a publié",
            "n'a pas encore commenté",
            "a approuvé",
        ),
        objects=(
            "un nouveau plan d'investissement",
            "le rapport annuel sur les finances publiques",
            "le projet de réforme des retraites",
            "les chiffres du chômage des jeunes",
            "un accord avec les partenaires sociaux",
            "le nouveau modèle d'intelligence artificielle",
            "la fermeture de l'usine",
            "les prévisions de croissance pour l'année prochaine",
            "les comptes du premier trimestre",
            "une enquête sur les achats des hôpitaux",
        ),
        complements=(
            "dans la journée d'hier",
            "après des mois de négociations",
            "selon la presse régionale",
            "à l'approche des prochaines élections",
            "sans donner plus de détails",
            "lors d'une conférence de presse à Paris",
            "sous les protestations de l'opposition",
            "comme l'attendaient de nombreux observateurs",
            "malgré les doutes des experts",
            "à quelques jours de l'échéance",
        ),
        figure="Selon les dernières estimations, le coût total dépasse les {n}\u00a0millions d'euros.",
        outlets=("Le Courrier du Matin", "La Dépêche Numérique", "Ouest Actualités", "Radio Lyon Info"),
    ),
    "en": Vocabulary(
        subjects=(
            "The government",
            "The company",
            "The finance minister",
            "A spokesperson for the firm",
            "Researchers at the university",
            "The European Commission",
            "The city's mayor",
            "Industry analysts",
            "The board of directors",
            "A source close to the matter",
            "Federal prosecutors",
            "The workers' unions",
        ),
        verbs=(
            "announced",
            "confirmed",
            "denied",
            "unveiled",
            "sharply criticised",
            "postponed",
            "is still weighing",
            "published",
            "has not yet commented on",
            "approved",
        ),
        objects=(
            "a new investment plan",
            "the annual report on public finances",
            "the proposed pension reform",
            "the latest youth unemployment figures",
            "an agreement with the trade unions",
            "the new artificial intelligence model",
            "the closure of the plant",
            "its growth forecast for next year",
            "the first-quarter accounts",
            "an inquiry into hospital procurement",
        ),
        complements=(
            "on Tuesday afternoon",
            "after months of negotiations",
            "according to local press reports",
            "ahead of the coming elections",
            "without giving further details",
            "at a press conference in London",
            "amid protests from the opposition",
            "as many observers had expected",
            "despite doubts raised by experts",
            "just days before the deadline",
        ),
        figure="According to the latest estimates, the total cost exceeds {n} million dollars.",
        outlets=("The Morning Ledger", "Daily Tech Wire", "Northern Chronicle", "Harbour City Times"),
    ),
}
LANGUAGE_CODES = tuple(VOCABULARIES)
ALL_OUTLETS = tuple(name for vocabulary in VOCABULARIES.values() for name in vocabulary.outlets)


@dataclass(frozen=True)
class Row:
    number: int  # 1-based data row of the CSV (the import names it "<file>#<number>")
    title: str
    body: str
    outlet: str
    published: str  # YYYY-MM-DD, YYYY-MM or YYYY as written to the CSV
    language: str
    duplicate_of: int | None  # the earlier row whose body this row repeats


class Generator:
    """Row `number` is a pure function of (seed, number): no state, so memory is flat in N."""

    def __init__(self, *, seed: int, duplicate_rate: float):
        self.seed = seed
        self.duplicate_rate = duplicate_rate

    def source_of(self, number: int) -> int | None:
        """The earlier row this one duplicates (a syndicated copy), or None for a fresh one."""
        if number < 2:
            return None
        rng = random.Random(f"{self.seed}:dup:{number}")
        if rng.random() >= self.duplicate_rate:
            return None
        return rng.randrange(1, number)

    def original_of(self, number: int) -> int:
        while (source := self.source_of(number)) is not None:
            number = source
        return number

    def body_of(self, number: int) -> tuple[str, str]:
        """The language and body of the original row `number`."""
        rng = random.Random(f"{self.seed}:body:{number}")
        language = rng.choice(LANGUAGE_CODES)
        vocabulary = VOCABULARIES[language]
        target = rng.randint(1500, 3000)
        figure_at = rng.randint(1, 4)
        paragraphs: list[str] = []
        sentences: list[str] = []
        size = written = 0
        while size < target:
            if written == figure_at:
                sentence = vocabulary.figure.format(n=f"{number}{rng.randint(100, 999)}")
            else:
                sentence = " ".join(
                    (
                        rng.choice(vocabulary.subjects),
                        rng.choice(vocabulary.verbs),
                        rng.choice(vocabulary.objects),
                        rng.choice(vocabulary.complements),
                    )
                )
                sentence += "."
            sentences.append(sentence)
            written += 1
            size += len(sentence) + 1
            if len(sentences) >= rng.randint(3, 6):
                paragraphs.append(" ".join(sentences))
                sentences = []
                size += 1
        if sentences:
            paragraphs.append(" ".join(sentences))
        return language, "\n\n".join(paragraphs)

    def row(self, number: int) -> Row:
        source = self.source_of(number)
        language, body = self.body_of(self.original_of(number))
        vocabulary = VOCABULARIES[language]
        rng = random.Random(f"{self.seed}:meta:{number}")
        title = f"{rng.choice(vocabulary.subjects)} {rng.choice(vocabulary.verbs)} {rng.choice(vocabulary.objects)}"
        year, month, day = rng.choice((2024, 2025)), rng.randint(1, 12), rng.randint(1, 28)
        precision = rng.random()
        if precision < 0.8:
            published = f"{year}-{month:02d}-{day:02d}"
        elif precision < 0.95:
            published = f"{year}-{month:02d}"
        else:
            published = str(year)
        return Row(number, title, body, rng.choice(vocabulary.outlets), published, language, source)


def published_date(value: str) -> tuple[str, str]:
    """The (first day, precision) the pipeline stores for a YYYY[-MM[-DD]] value."""
    parts = value.split("-")
    precision = ("year", "month", "day")[len(parts) - 1]
    parts += ["01"] * (3 - len(parts))
    return "-".join(parts), precision


@dataclass
class Dataset:
    csv_path: Path  # the pipeline's input: title, body, outlet, published
    small_csv_path: Path  # its first rows, for the memory comparison
    # The unique rows for COPY, precomputed: content_hash, language, title, body, outlet,
    # published_on, precision, name (the import's name for the row, "<csv path>#<row>").
    baseline_path: Path
    rows: int
    unique: int
    small_rows: int
    small_unique: int
    size_bytes: int
    languages: dict[str, int]


def write_dataset(directory: Path, *, rows: int, small_rows: int, generator: Generator) -> Dataset:
    """Write the CSV files row by row (nothing is kept in memory but counters)."""
    csv_path = directory / "articles.csv"
    small_csv_path = directory / "articles-small.csv"
    baseline_path = directory / "baseline.csv"
    unique = small_unique = 0
    languages = dict.fromkeys(LANGUAGE_CODES, 0)
    with (
        csv_path.open("w", encoding="utf-8", newline="") as big,
        small_csv_path.open("w", encoding="utf-8", newline="") as small,
        baseline_path.open("w", encoding="utf-8", newline="") as baseline,
    ):
        writers = [csv.writer(big), csv.writer(small)]
        baseline_writer = csv.writer(baseline)
        for writer in writers:
            writer.writerow(("title", "body", "outlet", "published"))
        for number in range(1, rows + 1):
            row = generator.row(number)
            record = (row.title, row.body, row.outlet, row.published)
            writers[0].writerow(record)
            if number <= small_rows:
                writers[1].writerow(record)
            if row.duplicate_of is not None:
                continue
            unique += 1
            small_unique += number <= small_rows
            languages[row.language] += 1
            published_on, precision = published_date(row.published)
            baseline_writer.writerow(
                (
                    hashlib.sha256(row.body.encode("utf-8")).hexdigest(),
                    row.language,
                    row.title,
                    row.body,
                    row.outlet,
                    published_on,
                    precision,
                    f"{csv_path}#{number}",
                )
            )
    return Dataset(
        csv_path=csv_path,
        small_csv_path=small_csv_path,
        baseline_path=baseline_path,
        rows=rows,
        unique=unique,
        small_rows=small_rows,
        small_unique=small_unique,
        size_bytes=csv_path.stat().st_size,
        languages=languages,
    )
