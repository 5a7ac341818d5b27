"""The demo content: the policy in our own words, the instruments catalogue, neighbourhoods.

Plain Dutch data (not interface text), loaded by `manage.py load_demo`.
"""

PILLARS = [
    {
        "slug": "fysieke-woonomgeving",
        "name": "Fysieke woonomgeving",
        "summary": "Een buurt die groen, schoon, heel en veilig is, en zo blijft.",
        "goal": "<p>Wij zorgen samen met onze huurders en aannemers dat de omgeving van uw "
        "woning groen, schoon, heel en veilig is, en dat die kwaliteit niet wegzakt.</p>",
        "actions": "<ul><li>De kwaliteit van de buitenruimte en algemene ruimten verbeteren "
        "en op peil houden.</li><li>Heldere afspraken maken met de aannemers die voor ons "
        "schoonmaken, snoeien en herstellen.</li><li>Controleren of die afspraken worden "
        "nagekomen en of het resultaat is wat huurders mogen verwachten.</li></ul>",
        "responsible": "<ul><li>Wijkbeheerder</li><li>Coördinator</li></ul>",
    },
    {
        "slug": "sociale-woonomgeving-preventief",
        "name": "Sociale woonomgeving (preventief)",
        "summary": "Problemen vroeg zien en samen met partners voorkomen dat ze groter worden.",
        "goal": "<p>We werken met zorgorganisaties, gemeente, politie en andere partners "
        "samen om signalen van problemen vroeg op te vangen, voordat een situatie "
        "uit de hand loopt.</p>",
        "actions": "<ul><li>Herkenbaar aanwezig zijn in de wijk en laten weten wat we doen."
        "</li><li>Samenwerkingsafspraken (convenanten) met partners vastleggen.</li><li>Het "
        "netwerk rond een huurder in beweging brengen als dat nodig is.</li><li>Informatie "
        "delen, binnen en buiten de organisatie, voor zover de wet dat toestaat.</li></ul>",
        "responsible": "<ul><li>Sociaal beheerder</li><li>Leefbaarheidsmedewerker</li></ul>",
    },
    {
        "slug": "sociale-woonomgeving-repressief",
        "name": "Sociale woonomgeving (repressief)",
        "summary": "Optreden tegen criminaliteit, ondermijning en woonfraude, samen met partners.",
        "goal": "<p>Waar overlast overgaat in criminaliteit, ondermijning of woonfraude "
        "grijpen we in en handhaven we, samen met politie, gemeente, het veiligheidshuis en "
        "het RIEC.</p>",
        "actions": "<ul><li>Samenwerkingsafspraken met partners vastleggen.</li><li>Binnen de "
        "wettelijke grenzen informatie uitwisselen.</li><li>Per casus afspraken maken: "
        "bijvoorbeeld een tijdelijk huurcontract, een stopgesprek, hoor en wederhoor, een "
        "sommatiebrief, buurtbemiddeling of mediation, of een aanvulling op het "
        "huurcontract met leefregels.</li></ul>",
        "responsible": "<ul><li>Sociaal beheerder</li><li>Leefbaarheidsmedewerker</li></ul>",
    },
    {
        "slug": "samen-wonen",
        "name": "Samen wonen",
        "summary": "Huurders aanmoedigen en helpen om zelf iets voor hun buurt te doen.",
        "goal": "<p>We moedigen huurders aan om zelf initiatieven te nemen in hun buurt, en "
        "we helpen ze daarbij.</p>",
        "actions": "<ul><li>Huurders uitnodigen om mede-eigenaar te zijn van hun woon- en "
        "leefomgeving.</li><li>Bijdragen geven uit het leefbaarheidsfonds en dat fonds "
        "bekend maken.</li></ul>",
        "responsible": "<ul><li>Sociaal beheerder</li><li>Leefbaarheidsmedewerker</li>"
        "<li>Wijkbeheerder</li><li>Coördinator</li></ul>",
    },
]

# (name, kind, character, pillar slug, description)
INSTRUMENTS = [
    (
        "Groene, schone en veilige buitenruimte",
        "fysiek",
        "preventief",
        "fysieke-woonomgeving",
        "Onderhoud, schoonmaak en herstel zo regelen dat de omgeving van de woningen er "
        "verzorgd en veilig bij ligt.",
    ),
    (
        "Toezicht en camera's",
        "fysiek",
        "preventief",
        "fysieke-woonomgeving",
        "Surveillance en, waar dat past en mag, camerabewaking op plekken met overlast.",
    ),
    (
        "Zichtbaar in de wijk",
        "fysiek",
        "preventief",
        "fysieke-woonomgeving",
        "Medewerkers die in de buurt rondlopen, bekend zijn en aangesproken kunnen worden.",
    ),
    (
        "Meedoen in bewonersgroepen",
        "sociaal",
        "activerend",
        "samen-wonen",
        "Huurders nemen deel aan bewonersgroepen en praten mee over hun complex of buurt.",
    ),
    (
        "In gesprek gaan",
        "sociaal",
        "activerend",
        "samen-wonen",
        "Het gesprek opzoeken met huurders over wat er speelt en wat zij nodig hebben.",
    ),
    (
        "Huurders zelf een rol geven",
        "sociaal",
        "activerend",
        "samen-wonen",
        "Huurders helpen om zelf iets op te pakken in hun buurt, met raad en daad.",
    ),
    (
        "Leefbaarheidsfonds",
        "sociaal",
        "activerend",
        "samen-wonen",
        "Een financiële bijdrage voor activiteiten van huurders die de buurt beter maken.",
    ),
    (
        "Social return",
        "sociaal",
        "preventief",
        "sociale-woonomgeving-preventief",
        "Bij opdrachten afspreken dat leveranciers werk of leerplekken bieden aan mensen uit "
        "de buurt.",
    ),
    (
        "Samenwerken met zorg, gemeente, politie en HWZ",
        "sociaal",
        "preventief",
        "sociale-woonomgeving-preventief",
        "Vaste afspraken met partners om signalen vroeg te delen en samen op te pakken.",
    ),
    (
        "Buurtbemiddeling",
        "sociaal",
        "preventief",
        "sociale-woonomgeving-preventief",
        "Getrainde vrijwilligers helpen buren om een conflict samen op te lossen.",
    ),
    (
        "Bewonersbijeenkomsten",
        "sociaal",
        "preventief",
        "sociale-woonomgeving-preventief",
        "Bijeenkomsten waar huurders elkaar en de corporatie ontmoeten en zaken bespreken.",
    ),
    (
        "Samenwerken bij toewijzing en verhuur",
        "sociaal",
        "preventief",
        "sociale-woonomgeving-preventief",
        "Met housing, het matchingspunt en de verhuurafdeling letten op een goede mix in een "
        "complex.",
    ),
    (
        "Complexbeheerplan",
        "sociaal",
        "preventief",
        "sociale-woonomgeving-preventief",
        "Een plan per complex met wat er nodig is en wie wat doet.",
    ),
    (
        "Beleid actief uitleggen",
        "sociaal",
        "repressief",
        "sociale-woonomgeving-repressief",
        "Huurders duidelijk laten weten welke regels gelden en wat er gebeurt als die worden "
        "overtreden.",
    ),
    (
        "Aanspreken",
        "sociaal",
        "repressief",
        "sociale-woonomgeving-repressief",
        "Een huurder direct aanspreken op gedrag dat anderen hindert.",
    ),
    (
        "Hoor en wederhoor",
        "sociaal",
        "repressief",
        "sociale-woonomgeving-repressief",
        "Alle betrokkenen hun kant laten vertellen voordat we een standpunt innemen.",
    ),
    (
        "Brieven",
        "sociaal",
        "repressief",
        "sociale-woonomgeving-repressief",
        "Een schriftelijke waarschuwing of sommatie als gesprekken niet helpen.",
    ),
    (
        "Mediation",
        "sociaal",
        "repressief",
        "sociale-woonomgeving-repressief",
        "Een professionele bemiddelaar begeleidt partijen naar afspraken.",
    ),
    (
        "Samenwerken met partners bij handhaving",
        "sociaal",
        "repressief",
        "sociale-woonomgeving-repressief",
        "Met politie, gemeente en zorgpartijen samen optreden in een concrete zaak.",
    ),
    (
        "Stopgesprek",
        "sociaal",
        "repressief",
        "sociale-woonomgeving-repressief",
        "Een formeel gesprek, vaak met een partner erbij, om ernstige overlast te laten stoppen.",
    ),
    (
        "Aanvulling huurcontract met leefregels",
        "sociaal",
        "repressief",
        "sociale-woonomgeving-repressief",
        "Een allonge bij het huurcontract met concrete afspraken over gedrag.",
    ),
    (
        "Verwijzing naar HWZ of klachtencommissie",
        "sociaal",
        "repressief",
        "sociale-woonomgeving-repressief",
        "Bij een meningsverschil kan de huurder terecht bij de HWZ, de klachtencommissie of "
        "de Huurcommissie.",
    ),
    (
        "Beëindigen van de huur",
        "sociaal",
        "repressief",
        "sociale-woonomgeving-repressief",
        "Het uiterste middel, bijvoorbeeld bij drugshandel of prostitutie in de woning.",
    ),
]

PARTNERS = [
    ("Gemeente Maasdal", "Gemeente", "Openbare ruimte, veiligheid en zorg in de wijk."),
    ("Politie basisteam Maasdal", "Politie", "Wijkagenten en handhaving."),
    ("Buurtbemiddeling Maasdal", "Welzijn", "Vrijwillige bemiddelaars bij burenruzies."),
    ("Wijkteam Zorg en Welzijn", "Zorg", "Hulp bij zorg, schulden en eenzaamheid."),
    (
        "Huurdersvereniging Wonen Zuid (HWZ)",
        "Huurdersorganisatie",
        "Behartigt de belangen van alle huurders en adviseert over het leefbaarheidsfonds.",
    ),
]

NEWS = [
    (
        "Leefbaarheidsfonds weer open voor aanvragen",
        "Heeft u een idee voor uw buurt? Vanaf nu kunt u weer een bijdrage aanvragen.",
    ),
    (
        "Nieuwe wijkbeheerder voor Maaskant en Roerdal",
        "Sinds deze maand heeft u een nieuw aanspreekpunt voor het beheer van uw complex.",
    ),
    (
        "Opruimdag in Oranjepark groot succes",
        "Ruim veertig huurders hielpen mee om het park en de speeltuin op te knappen.",
    ),
    (
        "Buurtbemiddeling: zo werkt het",
        "Last van de buren? Een bemiddelaar kan helpen. We leggen uit hoe dat gaat.",
    ),
    (
        "Zo meten we hoe leefbaar uw buurt is",
        "We volgen per wijk hoe het gaat. Lees welke cijfers we gebruiken en waarom.",
    ),
]

# The wijken (by slug) a news item is about; it then shows on their neighbourhood pages.
NEWS_WIJKEN = {
    "Nieuwe wijkbeheerder voor Maaskant en Roerdal": ["maaskant", "roerdal"],
    "Opruimdag in Oranjepark groot succes": ["oranjepark"],
    "Buurtbemiddeling: zo werkt het": ["binnenstad", "maaskant"],
}

# 8 wijken on a 4 x 2 grid over a small town around lon 5.99, lat 51.19.
WIJKEN = [
    ("WK095701", "binnenstad", "Binnenstad"),
    ("WK095702", "oranjepark", "Oranjepark"),
    ("WK095703", "maaskant", "Maaskant"),
    ("WK095704", "roerdal", "Roerdal"),
    ("WK095705", "heideveld", "Heideveld"),
    ("WK095706", "kapellerveld", "Kapellerveld"),
    ("WK095707", "molenbeek", "Molenbeek"),
    ("WK095708", "donderberg", "Donderberg"),
]
BUURT_NAMES = ["Noord", "Zuid", "Centrum", "West"]
COMPLEX_STREETS = [
    "Lindelaan",
    "Maasstraat",
    "Kastanjeplein",
    "Veldweg",
    "Kloosterhof",
    "Beekstraat",
    "Molenweg",
    "Schoolstraat",
    "Kerkpad",
    "Parkhof",
]

# Home page spotlight: (slug of a child of the home page, title, text)
FEATURED_LINKS = [
    ("wijken", "Uw wijk", "Wie zijn uw contactpersonen en wat gebeurt er bij u in de buurt?"),
    ("instrumenten", "Wat we kunnen inzetten", "Van een gesprek tot buurtbemiddeling: ons aanbod."),
    ("contact", "Iets melden of vragen", "Laat het ons weten, we reageren binnen twee werkdagen."),
]
