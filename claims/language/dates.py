"""Month and season names in the desk's languages: one table for the claim suggestions' date
signal and for the months two claims share when matched."""

_MONTH_NAMES = [
    ("gennaio", "janvier", "january", "januar", "enero"),
    ("febbraio", "février", "february", "februar", "febrero"),
    ("marzo", "mars", "march", "märz"),
    ("aprile", "avril", "april", "abril"),
    ("maggio", "mai", "may", "mayo"),
    ("giugno", "juin", "june", "juni", "junio"),
    ("luglio", "juillet", "july", "juli", "julio"),
    ("agosto", "août", "august"),
    ("settembre", "septembre", "september", "septiembre"),
    ("ottobre", "octobre", "october", "oktober", "octubre"),
    ("novembre", "november", "noviembre"),
    ("dicembre", "décembre", "december", "dezember", "diciembre"),
]
MONTHS: dict[str, int] = {
    name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names
}
SEASONS = (
    "primavera",
    "estate",
    "autunno",
    "inverno",
    "printemps",
    "été",
    "automne",
    "hiver",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
)
# For a regular expression: every month and season name.
MONTH_OR_SEASON = "|".join(sorted([*MONTHS, *SEASONS], key=len, reverse=True))
