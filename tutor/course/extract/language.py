"""The few words extraction needs in each language it knows, and how it tells them apart.

Questions quote the note, so they are in the note's language already; what
tutor adds around the quote (the question's frame, "Which term …") is taken
from the note's language here, as are the stop words that must never be a
cloze blank, the copulas of "X is …" definitions, and the words that tell a
sentence that answers a blank (one that names a term, "called", or opens a
clause on it, "which") from one that does not (a lesson's plan, "we will").
A note in a language not listed gets the English frames, and its stop words
are unknown (so its blanks are the author's marked terms only, which rarely
are stop words).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
SAMPLE_CHARS = 2000
"""How much of a note is enough to tell its language."""


@dataclass(frozen=True, slots=True)
class Language:
    """What extraction says and checks in one language."""

    code: str
    stop_words: frozenset[str]
    articles: frozenset[str]  # kept outside a blank: "The {{transformer}} is …"
    copulas: tuple[str, ...]  # "is", "are": what makes "X is …" a definition
    labels: frozenset[str]  # bold lead-ins that are not terms: "Note:", "Example:"
    vague: frozenset[str]  # nouns that name no idea of their own: "the goal", "the question"
    naming: tuple[str, ...]  # what introduces a term's name: "called", "known as"
    relatives: tuple[str, ...]  # what opens a clause that says what a term is: "which", "where"
    actions: frozenset[str]  # verbs before a button's label: "select", "click"
    define: str  # the frame of "which term is this?", with {text}
    listed: str  # the frame of "which of these are under …?", with {owner}
    fill: str  # the prompt of a cloze
    agenda: tuple[str, ...] = ()  # a course's plan, not its subject: "we will", "in this lesson"
    advice: tuple[str, ...] = ()  # a heading of merits or tips: "benefits", "best practices"
    examples: frozenset[str] = frozenset()  # a heading of cases: "Examples: Banking"
    counts: frozenset[str] = frozenset()  # "involves three primitives:" promises a list
    offering: frozenset[str] = frozenset()  # a list's lead-in that pitches: "it adds:"
    completers: frozenset[str] = frozenset()  # a lead-in left open: "ensures that:"
    evaluative: frozenset[str] = frozenset()  # "X is a major …" judges X, does not define it
    rankings: frozenset[str] = frozenset()  # "the simplest form of …" ranks, names nothing
    anaphors: frozenset[str] = frozenset()  # "This is why it is called …" names the last one
    connectives: frozenset[str] = frozenset()  # "Term: for most uses." opens a fragment
    claims: frozenset[str] = frozenset()  # "Term: It has …", "Term: Hatch was …" says a fact
    # How a definition's text may open: "Term: the …", "Term: how far …", or a word
    # with one of the endings: in English "-s" ("controls …", "changes that …") and
    # an adjective's ("basic …", "mathematical …", "simplified …"). An instruction's
    # bare verb ("retain", "name", "measure", "calculate") has none of them.
    definition_openers: frozenset[str] = frozenset()
    definition_endings: tuple[str, ...] = ()

    def is_stop_word(self, word: str) -> bool:
        return word.casefold() in self.stop_words

    def opens_definition(self, word: str) -> bool:
        """Whether a definition's text may open with ``word`` (any word, where the
        language gives no openers)."""
        folded = word.casefold()
        if not self.definition_openers or folded in self.definition_openers:
            return True
        return (
            len(folded) > 3
            and folded.endswith(self.definition_endings)
            and not (folded.endswith(("ss", "us", "is")))
        )


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ABBREVIATIONS = _words(
    """e.g i.e etc vs cf approx fig no nr dr mr mrs ms prof st z.b d.h u.a bzw ca usw vgl p.ex env
    p.e ecc sr sra"""
)
"""Words whose dot does not end a sentence, in the languages below (casefolded, dot dropped)."""

ENGLISH = Language(
    code="en",
    stop_words=_words(
        """a about above after again against all also am an and any are as at be because been
        before being below between both but by can could did do does doing down during each
        either etc few for from further had has have having he her here hers him his how i if
        in into is it its itself just may me might more most much must my no nor not now of off
        on once one only or other our ours out over own same she should so some such than that
        the their theirs them then there these they this those through to too under until up
        upon us very via was we were what when where which while who whom whose why will with
        within without would yet you your including includes include following since although like
        though unless whether however therefore thus hence"""
    ),
    articles=_words("the a an"),
    copulas=("is", "are"),
    labels=_words(
        """note notes tip tips warning caution important example examples summary todo nb true
        false yes no question questions answer answers problem problems solution solutions task
        tasks exercise exercises challenge assignment quiz hint recap review step steps
        introduction conclusion overview prerequisites assumption assumptions references
        bibliography credits acknowledgements"""
    ),
    vague=_words(
        """goal goals idea ideas theme themes part parts way ways thing things point points term
        terms aim aims purpose result results issue issues fact facts reason reasons kind kinds
        type types sort lot bit case cases role matter aspect aspects limitation limitations
        advantage advantages benefit benefits drawback drawbacks"""
    ),
    naming=(
        "called",
        "known as",
        "named",
        "termed",
        "referred to as",
        "dubbed",
        "denoted",
        "so-called",
    ),
    relatives=("which", "where", "that", "in which", "who", "whose"),
    actions=_words("select click choose press tap pick hit open type enter check toggle"),
    define="Which term is defined as “{text}”?",
    listed="Which of these are listed under “{owner}”?",
    fill="Fill in the blanks.",
    agenda=(
        "we will",
        "we'll",
        "you will",
        "you'll",
        "we are going to",
        "you are going to",
        "in this lesson",
        "in this course",
        "in this curriculum",
    ),
    advice=(
        "benefit",
        "benefits",
        "advantage",
        "advantages",
        "disadvantages",
        "drawbacks",
        "limitations",
        "best practice",
        "best practices",
        "tips",
        "recommendations",
        "pitfalls",
        "pros",
        "cons",
        "trade offs",
        "tradeoffs",
        "when to use",
        "game changers",
    ),
    examples=_words("example examples"),
    counts=_words("two three four five six seven eight nine ten several multiple various"),
    offering=_words(
        """ensures ensure adds provides offers gives brings guarantees enables allows lets helps
        benefits advantages"""
    ),
    completers=_words("that"),
    evaluative=_words(
        """major minor important key great good bad interesting useful popular serious critical
        significant very really huge powerful new ideal perfect best excellent
        biggest largest greatest game-changer must-have"""
    ),
    anaphors=_words("this that these those it they hence thus therefore so"),
    rankings=_words(
        """simplest easiest hardest best worst most least main primary biggest largest smallest
        greatest highest lowest fastest slowest strongest weakest commonest"""
    ),
    connectives=_words(
        """about above after against along among around at before behind below beside between
        beyond by during for from in inside into near of off on onto outside over through
        throughout toward towards under until upon via with within without and or but nor so
        yet because although though unless if since while than as like including except"""
    ),
    definition_openers=_words(
        """the a an any each every some all one no both either neither another how what when
        where which who whom whose whether why"""
    ),
    definition_endings=(
        "s",
        "al",
        "ed",
        "ic",
        "ous",
        "ive",
        "ful",
        "less",
        "able",
        "ible",
        "ar",
        "ary",
    ),
    claims=_words(
        """it its you your we our they their this these those there he she i is are was were
        be been has have had can could will would shall should may might must does do did
        always never"""
    ),
)

LANGUAGES = (
    ENGLISH,
    Language(
        code="de",
        stop_words=_words(
            """aber alle als also am an auch auf aus bei bin bis bist da damit dann das dass
            dein dem den der des dessen die dies diese diesem diesen dieser dieses doch dort du
            durch ein eine einem einen einer eines er es etwas euch für hat hatte hier ich ihr
            im in ist ja jede jedem jeden jeder jedes kann kein keine mit muss nach nicht noch
            nur ob oder ohne sein seine sich sie sind so über um und uns unter vom von vor war
            waren was weil wenn werden wie wir wird wo zu zum zur zwischen"""
        ),
        articles=_words("der die das ein eine einen einem einer eines den dem des"),
        copulas=("ist", "sind"),
        labels=_words(
            "hinweis notiz tipp achtung wichtig beispiel beispiele zusammenfassung merke siehe"
        ),
        vague=frozenset(),
        naming=("genannt", "heißt", "bezeichnet als"),
        relatives=("welche", "welcher", "welches", "wo", "in dem", "in der"),
        actions=_words("wähle wählen klicke klicken drücke drücken tippe tippen"),
        define="Welcher Begriff wird so beschrieben: „{text}“?",
        listed="Was davon steht unter „{owner}“?",
        fill="Fülle die Lücken aus.",
    ),
    Language(
        code="fr",
        stop_words=_words(
            """au aux avec ce ces cette dans de des du elle elles en est et être eux il ils je
            la le les leur leurs lui mais me même mes moi mon ne nos notre nous on ou où par pas
            pour qu que qui sa se ses son sont sur ta te tes toi ton tu un une vos votre vous
            y à été était sans sous entre comme plus très"""
        ),
        articles=_words("le la les l' un une des du"),
        copulas=("est", "sont"),
        labels=_words("note remarque astuce attention important exemple exemples résumé voir"),
        vague=frozenset(),
        naming=("appelé", "appelée", "appelés", "appelées", "nommé", "nommée"),
        relatives=("qui", "où", "dont"),
        actions=_words("sélectionnez cliquez choisissez appuyez"),
        define="Quel terme est décrit ainsi : « {text} » ?",
        listed="Lesquels de ces éléments figurent sous « {owner} » ?",
        fill="Complétez les blancs.",
    ),
    Language(
        code="es",
        stop_words=_words(
            """a al algo como con de del el ella ellas ellos en entre era es esa ese eso esta
            este esto estos fue ha hay la las le les lo los más me mi muy no nos o para pero
            por que qué se sea ser si sin sobre son su sus también te tu un una uno unos y ya"""
        ),
        articles=_words("el la los las un una unos unas"),
        copulas=("es", "son"),
        labels=_words("nota consejo atención importante ejemplo ejemplos resumen ver"),
        vague=frozenset(),
        naming=("llamado", "llamada", "llamados", "denominado", "denominada"),
        relatives=("que", "donde", "en el que", "en la que"),
        actions=_words("selecciona seleccione haz haga elige elija pulsa pulse"),
        define="¿Qué término se describe así: «{text}»?",
        listed="¿Cuáles de estos aparecen en «{owner}»?",
        fill="Completa los huecos.",
    ),
    Language(
        code="it",
        stop_words=_words(
            """a ad al alla alle allo anche che chi ci come con da dal dalla dei del della delle
            di e ed gli ha hanno i il in io la le lei lo loro lui ma mi ne negli nei nel nella
            non o per più quella quello questa questo se si sono su sua sue suo suoi tra un una
            uno è"""
        ),
        articles=_words("il lo la i gli le un uno una l'"),
        copulas=("è", "sono"),
        labels=_words("nota consiglio attenzione importante esempio esempi riassunto vedi"),
        vague=frozenset(),
        naming=("chiamato", "chiamata", "chiamati", "detto", "detta"),
        relatives=("che", "dove", "in cui"),
        actions=_words("seleziona selezionare clicca cliccare scegli premi"),
        define="Quale termine è descritto così: «{text}»?",
        listed="Quali di questi compaiono sotto «{owner}»?",
        fill="Completa gli spazi vuoti.",
    ),
    Language(
        code="pt",
        stop_words=_words(
            """a ao aos as até com como da das de do dos e ela elas ele eles em entre era essa
            esse está eu foi há isso isto já mais mas me muito na nas não no nos o os ou para
            pela pelo por que se sem ser seu seus sua suas são também te um uma uns umas você é"""
        ),
        articles=_words("o a os as um uma uns umas"),
        copulas=("é", "são"),
        labels=_words("nota dica atenção importante exemplo exemplos resumo veja"),
        vague=frozenset(),
        naming=("chamado", "chamada", "chamados", "denominado", "denominada"),
        relatives=("que", "onde", "no qual", "na qual"),
        actions=_words("selecione clique escolha pressione toque"),
        define="Que termo é descrito assim: «{text}»?",
        listed="Quais destes aparecem em «{owner}»?",
        fill="Preencha as lacunas.",
    ),
    Language(
        code="nl",
        stop_words=_words(
            """aan al als bij dan dat de deze die dit door een en er haar hem het hij hoe hun
            ik in is je kan maar met mij naar niet nog of om ook op over te tot uit van voor
            was wat we wel wie wij worden wordt zal ze zich zij zijn zo"""
        ),
        articles=_words("de het een"),
        copulas=("is", "zijn"),
        labels=_words("opmerking tip let belangrijk voorbeeld voorbeelden samenvatting zie"),
        vague=frozenset(),
        naming=("genoemd", "heet", "heten"),
        relatives=("die", "dat", "waar", "waarin"),
        actions=_words("selecteer klik kies druk tik"),
        define="Welk begrip wordt zo beschreven: ‘{text}’?",
        listed="Welke hiervan staan onder ‘{owner}’?",
        fill="Vul de open plekken in.",
    ),
)


def guess_language(text: str) -> Language:
    """The language whose stop words the start of ``text`` uses most (English if unsure)."""
    counts = Counter(_WORD.findall(text[:SAMPLE_CHARS].casefold()))
    scores = [
        sum(counts[word] for word in counts.keys() & language.stop_words) for language in LANGUAGES
    ]
    best = max(range(len(LANGUAGES)), key=scores.__getitem__)
    return LANGUAGES[best] if scores[best] >= 3 else ENGLISH
