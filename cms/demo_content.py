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

# Home page spotlight: (slug of a child of the home page, or an address on the site that
# starts with "/", title, text)
FEATURED_LINKS = [
    ("wijken", "Uw wijk", "Wie zijn uw contactpersonen en wat gebeurt er bij u in de buurt?"),
    ("instrumenten", "Wat we kunnen inzetten", "Van een gesprek tot buurtbemiddeling: ons aanbod."),
    (
        "/melden/",
        "Iets melden",
        "Overlast, vervuiling of iets kapot? U krijgt een kenmerk en hoort binnen twee werkdagen "
        "van ons.",
    ),
]


# --- English ------------------------------------------------------------------------
# The English versions of the main pages and of the pillars (translations the editors
# would make with "Vertalen"), keyed by the Dutch slug.

PILLARS_EN = {
    "fysieke-woonomgeving": {
        "name": "Physical living environment",
        "summary": "A neighbourhood that is green, clean, intact and safe, and stays that way.",
        "goal": "<p>Together with our tenants and contractors we make sure the surroundings "
        "of your home are green, clean, intact and safe, and that this quality holds.</p>",
        "actions": "<ul><li>Improving the outdoor and shared spaces and keeping them up to "
        "standard.</li><li>Making clear agreements with the contractors who clean, prune and "
        "repair for us.</li><li>Checking that those agreements are kept and that the result "
        "is what tenants may expect.</li></ul>",
        "responsible": "<ul><li>Neighbourhood manager</li><li>Coordinator</li></ul>",
    },
    "sociale-woonomgeving-preventief": {
        "name": "Social living environment (preventive)",
        "summary": "Seeing problems early and keeping them small, together with partners.",
        "goal": "<p>We work with care organisations, the municipality, the police and other "
        "partners to pick up signs of problems early, before a situation gets out of hand."
        "</p>",
        "actions": "<ul><li>Being visibly present in the neighbourhood and telling people "
        "what we do.</li><li>Recording agreements with partners (covenants).</li><li>Setting "
        "the network around a tenant in motion when needed.</li><li>Sharing information, "
        "inside and outside the organisation, as far as the law allows.</li></ul>",
        "responsible": "<ul><li>Social housing officer</li><li>Liveability officer</li></ul>",
    },
    "sociale-woonomgeving-repressief": {
        "name": "Social living environment (enforcement)",
        "summary": "Acting against crime, subversion and housing fraud, together with partners.",
        "goal": "<p>Where nuisance turns into crime, subversion or housing fraud we step in "
        "and enforce, together with the police, the municipality, the safety house and the "
        "regional information centre.</p>",
        "actions": "<ul><li>Recording agreements with partners.</li><li>Exchanging "
        "information within the limits of the law.</li><li>Making arrangements case by "
        "case: for example a temporary tenancy, a warning talk, hearing both sides, a formal "
        "notice, neighbourhood mediation, or house rules added to the tenancy.</li></ul>",
        "responsible": "<ul><li>Social housing officer</li><li>Liveability officer</li></ul>",
    },
    "samen-wonen": {
        "name": "Living together",
        "summary": "Encouraging and helping tenants to do something for their neighbourhood.",
        "goal": "<p>We encourage tenants to take initiatives in their neighbourhood, and we "
        "help them do it.</p>",
        "actions": "<ul><li>Inviting tenants to share ownership of where they live.</li><li>"
        "Giving contributions from the liveability fund and making the fund known.</li></ul>",
        "responsible": "<ul><li>Social housing officer</li><li>Liveability officer</li>"
        "<li>Neighbourhood manager</li><li>Coordinator</li></ul>",
    },
}

HOME_EN = {
    "title": "Working together on good neighbourhoods",
    "intro": "<p>Wonen Zuid wants you to live well, in a neighbourhood that is clean, intact, "
    "safe and friendly. Here you read how we work on that with tenants and partners, and "
    "how you can take part yourself.</p>",
}

POLICY_EN = {
    "title": "Our liveability policy",
    "intro": "How we work with tenants and partners on neighbourhoods that are good to live in.",
    "body": [
        (
            "paragraph",
            "<p>Liveability is about what it is like to live in a neighbourhood: how it looks, "
            "how neighbours get on and whether you feel safe there. Because that is so broad, "
            "we divide our work over four pillars. For each pillar you read what we want to "
            "achieve, what we do for it and who is responsible.</p>",
        ),
        ("heading", {"text": "How quickly we respond", "level": "h2"}),
        (
            "paragraph",
            "<p>Do you report something or apply for a contribution? Within two working days "
            "we confirm that we have received it. Within ten working days you get a full "
            "answer; we try to do it within five.</p>",
        ),
    ],
}

INSTRUMENTS_PAGE_EN = {
    "title": "Instruments",
    "intro": "<p>These are the means we can use for a liveable neighbourhood: physical and "
    "social, from activating to enforcing.</p>",
}

NEWS_INDEX_EN = {"title": "News", "intro": "What is going on in our neighbourhoods."}

NEWS_EN = [
    (
        "The liveability fund is open for applications again",
        "Do you have an idea for your neighbourhood? From now on you can apply for a "
        "contribution again.",
    ),
    (
        "A new neighbourhood manager for Maaskant and Roerdal",
        "Since this month you have a new contact for the upkeep of your complex.",
    ),
    (
        "Clean-up day in Oranjepark a great success",
        "More than forty tenants helped to spruce up the park and the playground.",
    ),
    (
        "Neighbourhood mediation: how it works",
        "Trouble with the neighbours? A mediator can help. We explain how it goes.",
    ),
    (
        "How we measure how liveable your neighbourhood is",
        "We follow how things go in each neighbourhood. Read which figures we use and why.",
    ),
]

NEIGHBOURHOODS_EN = {
    "title": "Neighbourhoods",
    "intro": "Choose your neighbourhood and see who your contacts are and what is going on.",
    "page_intro": "<p>Welcome to the page of {name}. Here you find your contacts and what "
    "is happening in the neighbourhood.</p>",
    "roles": {
        "Wijkbeheerder": "Neighbourhood manager",
        "Sociaal beheerder": "Social housing officer",
    },
}

CONTACT_EN = {
    "title": "Contact",
    "intro": "<p>Ask your question or share your idea. We respond within two working days.</p>",
    "thank_you_text": "<p>Thank you. We have received your message and will respond within "
    "two working days.</p>",
    "fields": {"naam": "Name", "e_mailadres": "Email address", "bericht": "Message"},
}

FEATURED_LINKS_EN = [
    ("wijken", "Your neighbourhood", "Who are your contacts and what is happening near you?"),
    (
        "instrumenten",
        "What we can do",
        "From a conversation to neighbourhood mediation: our offer.",
    ),
    (
        "/en/melden/",
        "Report a problem",
        "Nuisance, pollution or something broken? You get a reference and hear from us within "
        "two working days.",
    ),
]

# Dutch name of an instrument: (English name, English description)
INSTRUMENTS_EN = {
    "Groene, schone en veilige buitenruimte": (
        "Green, clean and safe outdoor space",
        "Arranging upkeep, cleaning and repairs so that the surroundings of the homes look "
        "cared for and safe.",
    ),
    "Toezicht en camera's": (
        "Supervision and cameras",
        "Patrols and, where it fits and is allowed, camera surveillance at places with nuisance.",
    ),
    "Zichtbaar in de wijk": (
        "Visible in the neighbourhood",
        "Staff who walk around the area, are known and can be approached.",
    ),
    "Meedoen in bewonersgroepen": (
        "Taking part in residents' groups",
        "Tenants join residents' groups and have a say about their complex or area.",
    ),
    "In gesprek gaan": (
        "Starting a conversation",
        "Seeking out tenants to talk about what is going on and what they need.",
    ),
    "Huurders zelf een rol geven": (
        "Giving tenants a role of their own",
        "Helping tenants to take something up in their area themselves, with advice and "
        "practical help.",
    ),
    "Leefbaarheidsfonds": (
        "Liveability fund",
        "A financial contribution to activities by tenants that make the area better.",
    ),
    "Social return": (
        "Social return",
        "Agreeing with suppliers that they offer jobs or training places to people from the area.",
    ),
    "Samenwerken met zorg, gemeente, politie en HWZ": (
        "Working with care, municipality, police and the tenants' association",
        "Standing agreements with partners to share signals early and act on them together.",
    ),
    "Buurtbemiddeling": (
        "Community mediation",
        "Trained volunteers help neighbours to resolve a conflict together.",
    ),
    "Bewonersbijeenkomsten": (
        "Residents' meetings",
        "Meetings where tenants meet each other and the corporation and discuss matters.",
    ),
    "Samenwerken bij toewijzing en verhuur": (
        "Working together on allocation and letting",
        "Watching for a good mix in a complex, together with housing, the matching point "
        "and the letting department.",
    ),
    "Complexbeheerplan": (
        "Complex management plan",
        "A plan for each complex with what is needed and who does what.",
    ),
    "Beleid actief uitleggen": (
        "Explaining the rules actively",
        "Telling tenants clearly which rules apply and what happens when they are broken.",
    ),
    "Aanspreken": (
        "Addressing behaviour",
        "Speaking directly to a tenant about behaviour that bothers others.",
    ),
    "Hoor en wederhoor": (
        "Hearing both sides",
        "Letting everyone involved tell their side before we take a position.",
    ),
    "Brieven": (
        "Letters",
        "A written warning or formal notice when conversations do not help.",
    ),
    "Mediation": (
        "Mediation",
        "A professional mediator guides the parties towards agreements.",
    ),
    "Samenwerken met partners bij handhaving": (
        "Enforcing together with partners",
        "Acting together with the police, the municipality and care partners in a specific case.",
    ),
    "Stopgesprek": (
        "Stop talk",
        "A formal conversation, often with a partner present, to end serious nuisance.",
    ),
    "Aanvulling huurcontract met leefregels": (
        "House rules added to the tenancy",
        "An addendum to the tenancy agreement with concrete arrangements about behaviour.",
    ),
    "Verwijzing naar HWZ of klachtencommissie": (
        "Referral to the tenants' association or complaints committee",
        "In a disagreement the tenant can turn to the tenants' association, the complaints "
        "committee or the Rent Tribunal.",
    ),
    "Beëindigen van de huur": (
        "Ending the tenancy",
        "The last resort, for example for drug dealing or prostitution in the home.",
    ),
}
