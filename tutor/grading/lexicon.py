"""General English word lists for the offline free-text grader.

Nothing here is about any one course: stop words carry no content, negators
flip what follows them, weak words say little on their own, and the synonym
and antonym groups are everyday English that explanations in any subject use.
Groups are written as plain words and compared after stemming.
"""

from __future__ import annotations

from tutor.grading.folding import words

STOP_WORDS = frozenset(
    words(
        """
        a about above across again against also am an and any anyway are as at be
        because been being below between both but by can could did do does doing done
        down during each either else etc even ever for from further had has have having
        he her here hers herself him himself his how i if in into is it its itself just
        let like may me might mine most much must my myself now of off on once one ones
        onto or other others our ours ourselves out over own per quite rather really say
        says shall she should since so some something such than that the their theirs
        them themselves then there therefore these they thing things this those though
        through thru thus to too under until up upon us very via was we well were what
        whatever when where whether which while who whom whose why will with within
        would yet you your yours yourself basically actually kind sort way ways get gets
        got getting go goes going gone lot lots stuff eg ie
        """
    )
)

NEGATORS = frozenset(
    words(
        """
        not no never none nothing nobody nor neither without cannot cant dont doesnt
        didnt isnt arent wasnt werent wont wouldnt shouldnt couldnt hasnt havent hadnt
        instead unable fail fails failed lacks lack
        """
    )
)
"""Words that make the next content word mean its opposite."""

NEGATION_BREAKERS = frozenset(words("matter only doubt"))
"""Words after a negator that make it an idiom, not a negation ("no matter", "not only")."""

PHRASE_JOINERS = frozenset(words("and or nor then so thus therefore"))
"""Words after which a new phrase, often with its own subject, begins."""

CONTRAST_WORDS = frozenset(
    words("but whereas while whilst however although though unlike instead otherwise")
)
"""Words that start a clause saying something different about something else."""

WEAK_WORDS = frozenset(
    words(
        """
        use used uses using make makes made making work works worked working help helps
        helped new need needs needed give gives given take takes taken thing part parts
        many often usually able allow allows allowed lets certain different various way
        more less fewer before after same
        """
    )
)
"""Content words too common in explanations to show understanding on their own."""

IRREGULAR = {
    form: base
    for base, forms in {
        "begin": "began begun",
        "bring": "brought",
        "build": "built",
        "buy": "bought",
        "choose": "chose chosen",
        "draw": "drew drawn",
        "drive": "drove driven",
        "fall": "fell fallen",
        "feed": "fed",
        "feel": "felt",
        "fight": "fought",
        "find": "found",
        "fly": "flew flown",
        "forget": "forgot forgotten",
        "freeze": "froze",
        "give": "gave given",
        "grow": "grew grown",
        "hide": "hid hidden",
        "hold": "held",
        "keep": "kept",
        "know": "knew known",
        "lead": "led",
        "leave": "left",
        "lose": "lost",
        "make": "made",
        "mean": "meant",
        "pay": "paid",
        "run": "ran",
        "see": "saw seen",
        "seek": "sought",
        "sell": "sold",
        "send": "sent",
        "show": "shown",
        "spend": "spent",
        "stand": "stood",
        "take": "took taken",
        "teach": "taught",
        "tell": "told",
        "think": "thought",
        "throw": "threw thrown",
        "understand": "understood",
        "win": "won",
        "write": "wrote written",
        "child": "children",
        "long": "longer longest",
        "short": "shorter shortest",
        "deep": "deeper deepest",
        "wide": "wider widest",
        "close": "closer closest",
        "simple": "simpler simplest",
        "strong": "stronger strongest",
        "weak": "weaker weakest",
        "easy": "easier easiest",
        "hard": "harder hardest",
        "early": "earlier earliest",
        "late": "later latest",
        "few": "fewer fewest",
        "far": "farther further farthest furthest",
        "good": "best",
        "bad": "worse worst",
        "criterion": "criteria",
        "phenomenon": "phenomena",
        "analysis": "analyses",
        "hypothesis": "hypotheses",
        "matrix": "matrices",
        "vertex": "vertices",
        "index": "indices",
    }.items()
    for form in forms.split()
}
"""Irregular forms and comparatives a suffix stripper cannot see through, mapped to the base."""

SYNONYMS: tuple[tuple[str, ...], ...] = tuple(
    tuple(group.split())
    for group in (
        "big large huge massive vast bigger larger high higher greater",
        "small little tiny smaller low lower lesser minor",
        "reduce decrease shrink lessen diminish minimize minimise cut downsize decline",
        "increase raise grow enlarge boost maximize maximise expand rise climb",
        "create make produce build construct",
        "use apply employ utilize utilise leverage",
        "keep retain preserve maintain hold remember",
        "discard drop remove delete erase forget",
        "find detect identify recognize recognise spot locate discover",
        "change adjust update modify alter tweak",
        "compute calculate",
        "judge evaluate assess check examine",
        "distinguish differentiate tell discern",
        "fake synthetic artificial counterfeit forged bogus",
        "real genuine authentic actual",
        "error mistake fault",
        "fast quick rapid speedy faster quicker",
        "slow sluggish slower",
        "final last",
        "first initial",
        "distant far remote",
        "local nearby neighbouring neighboring adjacent",
        "relate connect link associate",
        "improve better enhance",
        "compete fight rival oppose",
        "cooperate collaborate",
        "all every whole entire full complete",
        "many multiple several numerous",
        "important relevant significant crucial essential",
        "receive accept collect gather",
        "send propagate transmit",
        "backward backwards reverse",
        "freeze frozen fixed locked",
        "unfreeze unfrozen unlocked",
        "picture image photo",
        "begin start",
        "end finish stop",
        "correct right accurate",
        "wrong incorrect inaccurate",
        "goal aim objective",
        "similar alike",
    )
)

ANTONYMS: tuple[tuple[str, str], ...] = (
    ("big", "small"),
    ("increase", "reduce"),
    ("fast", "slow"),
    ("keep", "discard"),
    ("real", "fake"),
    ("first", "final"),
    ("begin", "end"),
    ("freeze", "unfreeze"),
    ("compete", "cooperate"),
    ("correct", "wrong"),
    ("more", "less"),
    ("more", "fewer"),
    ("before", "after"),
    ("forward", "backward"),
    ("maximum", "minimum"),
    ("positive", "negative"),
    ("same", "different"),
    ("include", "exclude"),
    ("add", "subtract"),
    ("success", "failure"),
    ("easy", "hard"),
    ("strong", "weak"),
    ("local", "global"),
    ("local", "distant"),
    ("all", "only"),
    ("inside", "outside"),
    ("linear", "nonlinear"),
)
"""Pairs of word groups (named by any member) that contradict each other."""
