"""How patients say things: the wordings the tests put to the assistant."""

# How patients say each sign: plain, Flemish, colloquial, inflected, in other word
# orders, and as a recogniser mishears them (marked "heard as").
WORDINGS = {
    "gevoel-zitvlak": [
        "mijn intieme zone voelt verdoofd",
        "de plaats waar ik op zit is precies niet van mij",  # the seat described
        "mijn privé plaats voelt raar",
        "ik voel mijn zitvlak niet meer goed",
        "mijn billen voelen doof aan",
        "ik voel mijn billen niet meer",
        "mijn kruis voelt doof",
        "ik heb tintelingen rond mijn aars",
        "mijn geslachtsdelen voelen verdoofd aan",
        "ik heb geen gevoel meer in mijn poep",
        "mijn achterwerk slaapt",
        "er zitten mieren in mijn billen",
        "het voelt raar rond mijn anus",
        "ik heb een verdoofd gevoel in mijn schaamstreek",
        "mijn penis voelt gevoelloos",
        "tintelingen in mijn vagina",
        "het tintelt in mijn kruis",
        "ik heb gevoelsstoornissen",
        "ik voel niks als ik op het toilet zit aan mijn gat",
        "mijn linkerbil is helemaal doof",
        "verminderd gevoel in het zitvlak",
        "mijn zit vlak voelt vreemd",  # heard as two words
        "ik heb last van tintelingen aan de geslachtsdelen",
        "rond mijn aars is het ongevoelig",
        "zadelanesthesie",
    ],
    "plas-stoelgang": [
        "ik moet gaan maar ik kan niet gaan",  # said without naming what
        "ik kan niet meer plassen",
        "ik verlies mijn urine",
        "ik heb problemen met de stoelgang sinds gisteren",
        "ik kan mijn plas niet ophouden",
        "ik moet de hele tijd pissen",
        "ik kan niet meer pissen",
        "ik heb in mijn broek gedaan",
        "ik ben incontinent",
        "ik kan niet meer naar het toilet",
        "ik voel niet meer wanneer ik naar de wc moet",
        "mijn blaas werkt niet meer",
        "ik kan mijn stoelgang niet ophouden",
        "ik heb al drie dagen geen ontlasting",
        "ik kan niet kakken",
        "ik ben verstopt",
        "ik heb diarree",
        "mijn bed was nat vannacht",
        "ik kan mijn water niet laten",
        "ik kan mijn grote boodschap niet doen",
        "ik moet plasse",  # heard as
        "ik heb problemen met de stoergang",  # heard as
        "mijn darmen werken niet",
        "het plassen lukt niet goed",
    ],
    "erectie": [
        "my dick doesn't get hard anymore",  # English
        "ik krijg geen erectie meer",
        "ik krijg hem niet meer omhoog",
        "ik heb erectiestoornissen",
        "ik ben impotent geworden",
        "mijn penis wordt niet meer stijf",
        "seks lukt niet meer",
        "ik kan niet meer klaarkomen",
        "ik heb problemen met mijn erectie",
        "ik krijg hem niet overeind",
        "vrijen lukt niet meer sinds de pijn",
        "mijn potentie is weg",
        "ik krijg geen erecties",
        "ik heb moeite met seks",
        "erectie problemen",
        "ik krijg hem niet meer stijf",
        "mijn piemel blijft slap",
        "ik heb geen orgasme meer",
        "er is iets met mijn erektie",  # misspelt
        "ik heb een probleem met mijn erectie stoornis",
        "vrijen gaat niet meer",
    ],
    "kracht-benen": [
        "my legs are weak",  # English
        "mijn benen worden slap",
        "ik heb minder kracht in mijn been",
        "mijn been zakt door",
        "mijn benen zakken door",
        "ik heb geen kracht meer in mijn benen",
        "mijn linkerbeen is zwak",
        "ik kan mijn voet niet meer optillen",
        "ik sleep met mijn been",
        "mijn knie plooit",
        "mijn benen dragen mij niet meer",
        "ik voel mijn benen niet meer",
        "mijn benen zijn verlamd",
        "ik kan niet meer lopen",
        "ik kan nauwelijks staan",
        "mijn rechterbeen voelt doof",
        "ik heb tintelingen in mijn voeten",
        "krachtsverlies in de benen",
        "mijn been wil niet meer",
        "ik val steeds door mijn been",
        "mijn beenen zijn zwak",  # misspelt
        "mijn dij is krachteloos",
        "ik heb een klapvoet",
        "mijn benen zijn lam",
        "mijn been is heel wankel",
    ],
    "zenuwpijn": [
        "ik heb een stekende pijn in mijn been",
        "de pijn schiet van mijn rug naar mijn benen",
        "ik heb zenuwpijn in mijn linkerbeen",
        "ik heb ischias",
        "de pijn straalt uit naar mijn been",
        "het trekt in mijn been",
        "ik heb pijn in mijn kuit",
        "mijn been doet pijn",
        "een brandende pijn in mijn dij",
        "pijnscheuten in mijn been",
        "ik heb een elektrische schok in mijn been",
        "uitstralende pijn",
        "een snijdende pijn tot in mijn voet",
        "mijn zenuw is geklemd",
        "zenuwpijnen in beide benen",
        "het steekt in mijn rechterbeen",
        "de pijn gaat door tot in mijn knie",
        "mijn benen doen zeer",
        "ik heb een zenuw pijn in mijn been",  # heard as two words
        "ik heb beenpijn",
    ],
}

# Everyday Dutch words (from the leaflet's non-medical vocabulary and the real
# out-of-domain sentences' kind of talk), none a sign by itself.
FILLER = (  # noqa: SIM905 -- a word list reads and edits best as running text
    "ik de het een en van is dat niet op te in voor met zijn er maar om ook als dan "
    "nog wel heel goed morgen vandaag gisteren dokter rug pijn mag moet kan wanneer "
    "waarom hoe wat werk werken wandelen zitten staan liggen bed week dagen huisarts "
    "paracetamol nemen vraag folder ja nee misschien zeker altijd nooit geen problemen "
    "last soms beetje erg veel minder meer avond nacht tuin keuken kinderen auto"
).split()

SIGNS = {
    "gevoel-zitvlak": ["ik voel mijn billen niet meer", "mijn kruis voelt doof", "tintelingen rond mijn aars"],
    "plas-stoelgang": ["ik kan niet meer plassen", "ik verlies mijn urine", "problemen met de stoelgang"],
    "erectie": ["ik krijg hem niet meer omhoog", "geen erectie meer"],
    "kracht-benen": ["mijn been zakt door", "geen kracht in mijn benen"],
    "zenuwpijn": ["een stekende pijn in mijn been", "ik heb ischias"],
}
