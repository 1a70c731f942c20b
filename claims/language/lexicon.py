"""The desk's cross-language lexicon: the verbs and nouns a news claim turns on, by concept, in
Italian, French, English, German and Spanish, written as dictionary forms (lemmas).

Why it exists: without a translation model, "posticipato", "retardée depuis avril" and "delayed"
share no word. Each word here is looked up by its lemma (claims/language/lemmas.py), so one entry
finds every inflection ("abbandonare" finds abbandonato, abbandonerà, abbandonando).

- EVENTS are what happens or is decided (delay, abandon, stop, complete, train, launch, announce,
  decide ...): a sentence reporting one is check-worthy even with no figure or name.
- TOPICS are the things claims are about (parameters, context window, spending, researchers ...),
  in the domain the desk covers first (AI companies and their models) and in general news.
- ASPECTS say how an event stands (completed, still going on, stopped, decided, only discussed or
  hypothetical, denied); two texts on one event with opposite aspects contradict each other.

To add a word: put its dictionary form under its concept and language (a multi-word entry joins
its words with "_"); tests/claims/language/test_lexicon.py checks that each entry is found from
its own text. A new story's key nouns go into TOPICS.
"""

from functools import cache

from claims.language.lemmas import LANGUAGES, Token, lemma


def _entries(**by_language: str) -> dict[str, tuple[str, ...]]:
    return {language: tuple(words.split()) for language, words in by_language.items()}


EVENTS: dict[str, dict[str, tuple[str, ...]]] = {
    "announce": _entries(
        it="annunciare annuncio presentare svelare dichiarare comunicare",
        fr="annoncer annonce présenter dévoiler déclarer",
        en="announce announcement unveil present declare",
        de="ankündigen vorstellen erklären",
        es="anunciar anuncio presentar declarar",
    ),
    "delay": _entries(
        it="ritardare ritardo rinviare rinvio posticipare slittare slittamento",
        fr="retarder retardé retard repousser reporter report délai",
        en="delay postpone push_back slip",
        de="verschieben verzögern verzögerung",
        es="retrasar retraso aplazar posponer",
    ),
    "abandon": _entries(
        it="abbandonare abbandono rinunciare accantonare",
        fr="abandonner abandon renoncer",
        en="abandon scrap shelve drop give_up move_away walk_away",
        de="aufgeben einstellen",
        es="abandonar renunciar",
    ),
    "stop": _entries(
        it="fermare interrompere sospendere bloccare stop pausa arresto",
        fr="arrêter interrompre suspendre stopper pause arrêt",
        en="stop halt suspend pause interrupt",
        de="stoppen anhalten unterbrechen",
        es="detener suspender interrumpir parar",
    ),
    "complete": _entries(
        it="completare terminare concludere finire",
        fr="compléter terminer achever finir",
        en="complete finish conclude",
        de="abschließen beenden",
        es="completar terminar concluir",
    ),
    "train": _entries(
        it="addestrare addestramento allenare",
        fr="entraîner entraînement",
        en="train training",
        de="trainieren training",
        es="entrenar entrenamiento",
    ),
    "test": _entries(
        it="testare test sperimentare prova",
        fr="tester test essai",
        en="test trial",
        de="testen test",
        es="probar prueba",
    ),
    "launch": _entries(
        it="lanciare lancio rilasciare rilascio pubblicare uscita uscire debutto distribuire",
        fr="lancer lancement sortie sortir publier déployer déploiement",
        en="launch release publish ship rollout",
        de="veröffentlichen starten",
        es="lanzar lanzamiento publicar",
    ),
    "schedule": _entries(
        it="programmare prevedere pianificare calendario",
        fr="programmer prévoir planifier calendrier",
        en="schedule plan expect",
        de="planen vorsehen",
        es="programar prever planear",
    ),
    "decide": _entries(
        it="decidere decisione scegliere",
        fr="décider décision choisir",
        en="decide decision choose",
        de="entscheiden entscheidung",
        es="decidir decisión",
    ),
    "discuss": _entries(
        it="discutere discussione considerare valutare ipotizzare",
        fr="discuter discussion envisager considérer",
        en="discuss discussion consider weigh",
        de="diskutieren erwägen",
        es="discutir considerar",
    ),
    "invest": _entries(
        it="investire investimento spendere spesa",
        fr="investir investissement dépenser dépense",
        en="invest investment spend spending capex expenditure",
        de="investieren investition ausgabe",
        es="invertir inversión gastar gasto",
    ),
    "leave": _entries(
        it="lasciare partire partenza esodo dimettere dimissioni",
        fr="quitter partir départ exode démissionner",
        en="leave depart departure exodus resign quit",
        de="verlassen abgang",
        es="dejar salir salida dimitir",
    ),
    "hire": _entries(
        it="assumere reclutare ingaggiare",
        fr="recruter embaucher",
        en="hire recruit poach",
        de="einstellen rekrutieren",
        es="contratar reclutar",
    ),
    "deny": _entries(
        it="smentire negare",
        fr="démentir nier",
        en="deny denial refute",
        de="dementieren bestreiten",
        es="desmentir negar",
    ),
    "confirm": _entries(
        it="confermare",
        fr="confirmer",
        en="confirm",
        de="bestätigen",
        es="confirmar",
    ),
    "outperform": _entries(
        it="superare battere surclassare vantaggio",
        fr="surpasser dépasser battre avantage",
        en="outperform surpass beat advantage",
        de="übertreffen schlagen",
        es="superar",
    ),
    "reorganize": _entries(
        it="riorganizzare riorganizzazione ristrutturare ristrutturazione",
        fr="réorganiser réorganisation restructurer restructuration",
        en="reorganize reorganization restructure restructuring",
        de="umstrukturieren",
        es="reorganizar reestructurar",
    ),
    "develop": _entries(
        it="sviluppare sviluppo costruire realizzare",
        fr="développer développement construire concevoir",
        en="develop development build",
        de="entwickeln entwicklung bauen",
        es="desarrollar desarrollo construir",
    ),
    "lose": _entries(
        it="perdere perdita", fr="perdre perte", en="lose loss", de="verlieren verlust", es="perder pérdida"
    ),
    "problem": _entries(
        it="problema difficoltà sfida ostacolo",
        fr="problème difficulté défi obstacle",
        en="problem difficulty challenge struggle",
        de="problem schwierigkeit",
        es="problema dificultad",
    ),
    # General news: what happens to people and places.
    "die": _entries(
        it="morire morte morto uccidere vittima",
        fr="mourir mort tuer victime décès",
        en="die death dead kill victim",
        de="sterben tod töten opfer",
        es="morir muerte matar víctima",
    ),
    "injure": _entries(
        it="ferire ferito", fr="blesser blessé", en="injure wound", de="verletzen", es="herir"
    ),
    "elect": _entries(
        it="eleggere elezione votare voto vincere",
        fr="élire élection voter vote gagner",
        en="elect election vote win",
        de="wählen wahl gewinnen",
        es="elegir elección votar ganar",
    ),
    "arrest": _entries(
        it="arrestare condannare",
        fr="arrêter arrestation condamner",
        en="arrest convict sentence",
        de="verhaften festnehmen",
        es="arrestar detener condenar",
    ),
}

TOPICS: dict[str, dict[str, tuple[str, ...]]] = {
    "parameters": _entries(it="parametro", fr="paramètre", en="parameter", de="parameter", es="parámetro"),
    "context window": _entries(
        it="contesto token", fr="contexte token", en="context token", de="kontext token", es="contexto token"
    ),
    "performance": _entries(
        it="prestazione deludente capacità",
        fr="performance décevant capacité",
        en="performance disappointing capability",
        de="leistung",
        es="rendimiento",
    ),
    "openness": _entries(
        it="aperto chiuso open-source closed-source open_source closed_source proprietario",
        fr="ouvert fermé open-source closed-source open_source closed_source propriétaire",
        en="open closed open-source closed-source open_source closed_source proprietary openness",
        de="offen geschlossen",
        es="abierto cerrado",
    ),
    "infrastructure": _entries(
        it="infrastruttura data_center", fr="infrastructure data_center", en="infrastructure data_center"
    ),
    "researchers": _entries(
        it="ricercatore autore ingegnere scienziato talento",
        fr="chercheur auteur ingénieur scientifique talent",
        en="researcher author engineer scientist talent",
        de="forscher autor",
        es="investigador autor",
    ),
    "employees": _entries(it="dipendente personale", fr="employé salarié personnel", en="employee staff"),
    "superintelligence": _entries(it="superintelligenza", fr="superintelligence", en="superintelligence"),
    "model": _entries(it="modello", fr="modèle", en="model", de="modell", es="modelo"),
    "artificial intelligence": _entries(
        it="intelligenza_artificiale ia",
        fr="intelligence_artificielle ia",
        en="artificial_intelligence ai",
        de="künstliche_intelligenz ki",
        es="inteligencia_artificial ia",
    ),
    "flagship": _entries(
        it="di_punta ammiraglia più_potente più_grande",
        fr="phare plus_puissant plus_grand",
        en="flagship most_powerful largest biggest",
        de="flaggschiff",
        es="buque_insignia más_potente más_grande",
    ),
    "powerful": _entries(
        it="potente potenza",
        fr="puissant puissance",
        en="powerful power",
        de="mächtig leistungsstark",
        es="poderoso potente",
    ),
    "money": _entries(
        it="miliardo milione dollaro euro denaro somma pagare pagamento stipendio bonus",
        fr="milliard million dollar euro argent somme payer paiement salaire prime",
        en="billion million dollar euro money sum pay payment salary bonus",
        de="milliarde million dollar euro geld",
        es="millón dólar euro dinero",
    ),
    "company": _entries(
        it="azienda società impresa",
        fr="entreprise société",
        en="company firm",
        de="unternehmen firma",
        es="empresa compañía",
    ),
    "laboratory": _entries(
        it="laboratorio", fr="laboratoire", en="laboratory lab", de="labor", es="laboratorio"
    ),
    "strategy": _entries(it="strategia", fr="stratégie", en="strategy", de="strategie", es="estrategia"),
    "price": _entries(
        it="prezzo costo", fr="prix coût", en="price cost", de="preis kosten", es="precio coste"
    ),
    "revenue": _entries(it="ricavo fatturato", fr="chiffre_d'affaires revenu", en="revenue sales"),
    "population": _entries(it="abitante popolazione", fr="habitant population", en="inhabitant population"),
    "earthquake": _entries(it="terremoto sisma", fr="séisme tremblement", en="earthquake quake"),
}

# How an event stands. Markers are lemmas (or "_"-joined lemma sequences).
ASPECTS: dict[str, dict[str, tuple[str, ...]]] = {
    "ongoing": _entries(
        it="ancora continuare proseguire in_corso tuttora restare rimanere",
        fr="encore toujours continuer poursuivre en_cours rester reste",
        en="still continue ongoing keep remain",
        de="noch weiterhin",
        es="todavía aún continuar",
    ),
    "hypothetical": _entries(
        it="potere discussione discutere ipotesi valutare considerare forse eventualmente destinare",
        fr="pouvoir discussion discuter envisager hypothèse peut-être éventuellement destiner censé",
        en="could might may discussion discuss consider possibly weigh supposed mean_to",
        de="könnte vielleicht",
        es="poder quizás discutir",
    ),
    "negated": _entries(
        it="non mai nessuno smentire negare",
        fr="ne pas jamais aucun démentir nier",
        en="not never no deny",
        de="nicht kein nie",
        es="no nunca",
    ),
    "unchanged": _entries(
        it="invariato immutato", fr="inchangé", en="unchanged", de="unverändert", es="inalterado"
    ),
}

# Judgements and positions: two texts on one topic (performance, openness) that take opposite ones.
STANCES: dict[str, dict[str, tuple[str, ...]]] = {
    "praised": _entries(
        it="impressionante eccellente notevole forte",
        fr="impressionnant excellent remarquable",
        en="impressive excellent remarkable strong",
        de="beeindruckend hervorragend",
        es="impresionante excelente",
    ),
    "criticized": _entries(
        it="deludente insoddisfacente scarso debole",
        fr="décevant insatisfaisant faible",
        en="disappointing unsatisfactory weak poor",
        de="enttäuschend schwach",
        es="decepcionante insatisfactorio débil",
    ),
    "closed": _entries(
        it="chiuso closed-source closed_source proprietario",
        fr="fermé closed-source closed_source propriétaire",
        en="closed closed-source closed_source proprietary",
        de="geschlossen proprietär",
        es="cerrado propietario",
    ),
    "open": _entries(
        it="aperto open-source open_source",
        fr="ouvert open-source open_source",
        en="open open-source open_source",
        de="offen",
        es="abierto",
    ),
}

# Two states that cannot both hold: of one event the two texts report, or (stances) of one topic.
OPPOSITE_ASPECTS = {
    frozenset({"completed", "ongoing"}): "completed vs still going on",
    frozenset({"stopped", "ongoing"}): "stopped vs still going on",
    frozenset({"decided", "hypothetical"}): "decided vs only discussed",
    frozenset({"stated", "negated"}): "stated vs denied",
    frozenset({"changed", "unchanged"}): "changed vs unchanged",
}
OPPOSITE_STANCES = {
    frozenset({"praised", "criticized"}): "praised vs criticized",
    frozenset({"closed", "open"}): "closed vs open",
}
# An event that is itself a state of another: "completed the training" (complete + train).
STATE_EVENTS = {"complete": "completed", "abandon": "stopped", "stop": "stopped", "decide": "decided"}

ATTRIBUTION = _entries(
    it="secondo stando riportare rapporto dichiarare affermare rivelare riferire portavoce",
    fr="selon d'après rapport déclarer affirmer révéler indiquer porte-parole",
    en="according report say tell claim reveal spokesperson spokesman spokeswoman",
    de="laut zufolge bericht quelle sagen sprecher",
    es="según informe fuente decir afirmar portavoz",
)

COMPARISON = _entries(
    it="più meno rispetto superiore inferiore migliore peggiore maggiore minore doppio metà",
    fr="plus moins rapport supérieur inférieur meilleur pire double moitié",
    en="more less fewer than most least best worst larger largest biggest faster better worse "
    "higher lower double half compare outperform surpass beat",
    de="mehr weniger als besser schlechter größer doppelt hälfte",
    es="más menos mejor peor mayor menor doble mitad",
)


@cache
def _index(groups: tuple[str, ...]) -> dict[tuple[str, ...], dict[str, set[str]]]:
    """lemma sequence → {language: concepts}, for the named groups of this module."""
    index: dict[tuple[str, ...], dict[str, set[str]]] = {}
    tables = {"events": EVENTS, "topics": TOPICS, "aspects": ASPECTS, "stances": STANCES}
    for group in groups:
        for concept, by_language in tables[group].items():
            for language, words in by_language.items():
                for word in words:
                    key = tuple(lemma(part, language) for part in word.replace("_", " ").split())
                    index.setdefault(key, {}).setdefault(language, set()).add(concept)
    return index


def _lookup(tokens: list[Token], language: str, groups: tuple[str, ...]) -> set[str]:
    index = _index(groups)
    languages = (language,) if language in LANGUAGES else LANGUAGES
    found: set[str] = set()
    lemmas = [token.lemma for token in tokens]
    for i in range(len(lemmas)):
        for size in (1, 2, 3):
            entry = index.get(tuple(lemmas[i : i + size]))
            if entry:
                for lang in languages:
                    found |= entry.get(lang, set())
    return found


def events(tokens: list[Token], language: str) -> set[str]:
    return _lookup(tokens, language, ("events",))


def topics(tokens: list[Token], language: str) -> set[str]:
    return _lookup(tokens, language, ("topics",))


def aspects(tokens: list[Token], language: str) -> set[str]:
    return _lookup(tokens, language, ("aspects",))


def stances(tokens: list[Token], language: str) -> set[str]:
    return _lookup(tokens, language, ("stances",))


@cache
def _words(table: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, frozenset[str]]:
    return {
        language: frozenset(lemma(word.replace("_", " "), language) for word in words)
        for language, words in table
    }


def has_any(tokens: list[Token], language: str, table: dict[str, tuple[str, ...]]) -> bool:
    """Whether a token's lemma (or its surface form) is one of `table`'s words in `language`."""
    words = _words(tuple(table.items()))
    known = words.get(language) or frozenset().union(*words.values())
    return any(token.lemma in known or token.lower in known for token in tokens)


NEGATION_REACH = 4  # words after a negation where the event it negates stands


def negates_an_event(tokens: list[Token], language: str) -> bool:
    """Whether a negation bears on an event: "non significa un arresto", "n'a pas abandonné", or a
    denial (smentire, démentir, deny). "Did not comment on the move" negates no event."""
    if "deny" in events(tokens, language):
        return True
    return any(
        "negated" in aspects(tokens[index : index + 1], language)
        and events(tokens[index + 1 : index + 1 + NEGATION_REACH], language)
        for index in range(len(tokens))
    )
