"""Word lists the extraction rules consult.

Kept in one place so that a rule elsewhere reads as a rule ("a title word precedes the name") and the
vocabulary behind it can grow without touching the logic. All entries are lower case; callers compare
with ``word.casefold()``.
"""

WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())

MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)

PRONOUNS = frozenset("he she they him her them his hers their i we you it its".split())

# Pronouns that can be the grammatical subject of an attribution ("he said").
SPEAKER_PRONOUNS = frozenset("he she".split())

# Capitalised words that start sentences or headlines but never belong to a name.
FUNCTION_WORDS = frozenset(
    """
    a an the this that these those there here then than thus so such some any all each every both either
    neither no not nor none one two three four five six seven eight nine ten first second third last next
    and or but if when while where whether which who whom whose what why how because since although though
    after before during until unless upon under over above below about against among amid between into
    onto through throughout toward towards within without across along around behind beside besides beyond
    despite except like near off out past per via from with by for of on in at to as is are was were be
    been being has have had do does did will would shall should can could may might must also yet still
    even just only meanwhile however moreover furthermore therefore instead indeed perhaps already again
    now today tonight yesterday tomorrow later earlier recently currently finally eventually overall
    according asked speaking following regarding including many most much more few several other others
    another our your my mine ours yours we they he she it i you me us them him her his hers its their
    theirs new old why yes well oh dear please thank thanks good great breaking exclusive update watch
    live video photos opinion analysis editorial read share click follow subscribe sign related
    """.split()
)

# Words that head a person's title, matched case-insensitively ("President", "head coach").
TITLE_HEADS = frozenset(
    """
    president minister secretary senator sen governor gov mayor judge justice ambassador chairman
    chairwoman chair chancellor king queen prince princess pope rabbi imam cardinal bishop reverend rev
    dr doctor professor prof general gen colonel col lieutenant lt major maj sergeant sgt captain capt
    admiral adm commander cmdr spokesman spokeswoman spokesperson director ceo cfo coo chief head coach
    manager leader speaker representative rep congressman congresswoman councilman councilwoman
    councillor commissioner superintendent inspector detective officer sheriff attorney prosecutor
    lawyer envoy diplomat premier emir sheikh sultan monarch founder chairperson executive editor
    analyst economist researcher scientist author writer reporter correspondent columnist striker
    midfielder defender goalkeeper quarterback pitcher player captain owner publisher adviser advisor
    aide deputy vice member treasurer comptroller auditor registrar dean principal teacher nurse surgeon
    physician pastor priest father sister brother mr mrs ms miss sir dame lord lady democrat republican
    pianist guitarist drummer bassist singer musician composer artist actor actress plaintiff defendant
    witness victim suspect resident student farmer activist voter neighbor neighbour engineer designer
    architect photographer filmmaker novelist poet historian keeper owner organizer organiser
    boss gaffer substitute winger cllr councilor alderman constable con insp supt revd baroness baron
    viscount earl duke duchess countess marquess mx magistrate coroner barrister solicitor chef
    taoiseach tánaiste tanaiste recorder producer presenter strategist curator kaumātua kaumatua host class
    paramedic firefighter ranger lecturer
    """.split()
)

# What a minister, committee or spokesperson is for ("Minister for Housing", "Union Food Processing
# Industries Minister"): title words only inside a capitalised title, never on their own.
PORTFOLIOS = frozenset(
    """
    housing heritage local government children equality equalities youth sport sports arts media
    enterprise employment work pensions welfare rural community communities planning water food
    fisheries climate digital business industry industries skills social care policing crime
    immigration veterans women consumer processing union home environmental protection infrastructure
    """.split()
)

# Ranks abbreviated in capitals (British police): title heads only in capitals, as "di" or "pc" are
# words or name particles in lower case.
RANK_ABBREVIATIONS = frozenset("DC DS DI DCI DSI DCS DSU PC PCSO WPC ACC".split())

# Letters after a name (Simon Achebe KC, Jane Hutt MS, Martin Luther King Jr.): a title, never part
# of the name. Compared case-sensitively, so that "Ms" stays a form of address.
POST_NOMINALS = frozenset(
    """
    KC QC MP MSP MS MLA MEP AM TD OBE MBE CBE KBE DBE GBE CH JP DL FRS PhD MD Esq Esq. Jr Jr. Sr Sr.
    """.split()
)

# Words that may stand inside a title before its head or after it ("U.S. Secretary of State").
TITLE_MODIFIERS = frozenset(
    """
    prime foreign defense defence finance interior justice health education energy treasury state
    homeland security national deputy vice acting former interim assistant associate senior junior
    executive general attorney chief head supreme high grand first lady majority minority house senate
    district federal regional central foreign affairs economic trade labor labour transport
    transportation agriculture environment culture tourism communications information science
    technology military army navy air force police fire public press white of the for and to on
    financial operating marketing medical legal human resources development strategy product
    opposition party team club league council city county school det ch shadow
    """.split()
)

# Honorifics: part of how a person is addressed, not their title, and never part of their name.
HONORIFICS = frozenset(
    "mr mrs ms miss mx dr sir dame lord lady prof shri sri smt shrimati aunty auntie uncle".split()
)

# Last words that make a capitalised phrase an organisation, an event or a named thing, not a person.
ORGANIZATION_WORDS = frozenset(
    """
    administration agency army assembly association authority bank board bureau cabinet campaign center
    centre church club coalition college commission committee company congress corporation corp council
    court department directorate division embassy federation force forces foundation front fund
    government group guard hospital house inc institute institution league ltd ministry movement network
    news office organization organisation parliament party police post press program programme
    project regime school senate service services society staff station team times tribunal union
    unit university war wars accords accord agreement treaty act bill law plan summit conference games
    cup championship olympics festival awards prize report journal review magazine herald tribune
    gazette daily weekly channel award radio television tv media network airlines airways group holdings
    capital partners labs systems technologies industries brigade brigades battalion battalions division
    command corps navy airforce guard jihad hezbollah taliban management average index telescope
    observatory branch insight software securities investments bio pharma pharmaceuticals motors
    lines shipping logistics energy foods brands insurance studios records entertainment sports
    medicine elementary courier chronicle catholic wildcats consultancy partnership trust guild
    alliance chamber consortium syndicate united rovers athletic wanderers albion hotspur studies
    sangh samiti morcha manch sabha parishad water rail railway railways workers books ledger echo
    mail express mirror international féin fein fáil fail gael economics advice steel roofing funds
    advisors advisers markets
    """.split()
)

# Last words that make a capitalised phrase a place.
PLACE_WORDS = frozenset(
    """
    east west north south strip bank valley county province state states district region city town
    village street st avenue ave road boulevard square river sea ocean gulf bay lake mountain
    mountains mount island islands peninsula desert coast border crossing heights airport harbor
    harbour canal plaza kibbutz neighborhood neighbourhood quarter kingdom
    republic emirates territories territory tower towers apartments complex mall center centre hall
    stadium arena hotel restaurant cafe store stores market hardware pharmacy bakery theater theatre
    gallery museum library station terminal academy canyon point peak ridge creek falls
    sahara forest beach vale moor grove crescent terrace gardens
    """.split()
)

# First words that make a capitalised phrase a place, a saint's foundation or a sports club ("Loch Arn",
# "Mount Hermon", "St. Brendan's", "Sporting Alcala", "Real Madrid").
PLACE_PREFIXES = frozenset(
    "loch lake mount mt fort cape isle gulf bay strait glen port mid st saint sporting real atletico "
    "atlético dynamo dinamo olympique racing deportivo".split()
)

# Countries, regions and large cities that appear in news copy, for telling places from people.
PLACES = frozenset(
    """
    afghanistan albania algeria andorra angola argentina armenia australia austria azerbaijan bahamas
    bahrain bangladesh barbados belarus belgium belize benin bhutan bolivia bosnia botswana brazil brunei
    bulgaria burundi cambodia cameroon canada chad chile china colombia comoros congo croatia cuba cyprus
    czechia denmark djibouti dominica ecuador egypt eritrea estonia eswatini ethiopia fiji finland france
    gabon gambia georgia germany ghana greece grenada guatemala guinea guyana haiti honduras hungary
    iceland india indonesia iran iraq ireland israel italy jamaica japan jordan kazakhstan kenya kiribati
    kosovo kuwait kyrgyzstan laos latvia lebanon lesotho liberia libya liechtenstein lithuania luxembourg
    madagascar malawi malaysia maldives mali malta mauritania mauritius mexico micronesia moldova monaco
    mongolia montenegro morocco mozambique myanmar namibia nauru nepal netherlands nicaragua niger
    nigeria norway oman pakistan palau palestine panama paraguay peru philippines poland portugal qatar
    romania russia rwanda samoa senegal serbia seychelles singapore slovakia slovenia somalia spain sudan
    suriname sweden switzerland syria taiwan tajikistan tanzania thailand togo tonga tunisia turkey
    turkmenistan tuvalu uganda ukraine uruguay uzbekistan vanuatu vatican venezuela vietnam yemen zambia
    zimbabwe england scotland wales britain europe asia africa america americas antarctica oceania
    eurasia scandinavia balkans caucasus levant sinai gaza rafah jerusalem bethlehem hebron nablus jenin
    ramallah haifa eilat ashdod ashkelon sderot beersheba galilee negev golan judea samaria beirut
    damascus amman cairo baghdad tehran riyadh doha dubai ankara istanbul athens rome paris london berlin
    madrid lisbon dublin brussels amsterdam vienna prague warsaw budapest bucharest sofia belgrade kyiv
    kiev moscow minsk oslo stockholm helsinki copenhagen reykjavik geneva zurich bern milan munich
    frankfurt hamburg barcelona marseille lyon manchester liverpool birmingham glasgow edinburgh belfast
    cardiff washington chicago boston houston dallas philadelphia phoenix seattle denver atlanta miami
    detroit baltimore brooklyn manhattan queens bronx harlem texas california florida ohio michigan
    arizona nevada utah oregon alabama alaska arkansas colorado connecticut delaware hawaii idaho
    illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts minnesota mississippi
    missouri montana nebraska oklahoma pennsylvania tennessee vermont virginia wisconsin wyoming tokyo
    beijing shanghai seoul pyongyang taipei manila jakarta bangkok hanoi delhi mumbai kolkata karachi
    lahore islamabad kabul dhaka sydney melbourne brisbane perth auckland wellington toronto montreal
    vancouver ottawa quebec ontario havana caracas bogota lima santiago quito brasilia nairobi lagos
    abuja accra johannesburg pretoria khartoum tripoli tunis algiers rabat casablanca addis mogadishu
    kinshasa kharkiv odesa odessa donetsk luhansk crimea mariupol bakhmut kherson zaporizhzhia lviv
    """.split()
)

# Multi-word place names, compared as lower-case phrases.
PLACE_PHRASES = frozenset(
    phrase.strip()
    for phrase in """
    tel aviv|new york|los angeles|san francisco|san diego|san jose|las vegas|new orleans|new jersey|
    new mexico|new hampshire|north carolina|south carolina|north dakota|south dakota|west virginia|
    rhode island|hong kong|saudi arabia|south africa|north korea|south korea|united states|united kingdom|
    united arab emirates|west bank|gaza strip|gaza city|khan younis|khan yunis|sri lanka|costa rica|
    el salvador|buenos aires|rio de janeiro|sao paulo|mexico city|new delhi|abu dhabi|kuala lumpur|
    cape town|puerto rico|new zealand|ivory coast|burkina faso|sierra leone|papua new guinea|
    czech republic|dominican republic|central african republic|middle east|far east|latin america|
    north america|south america|east jerusalem|old city|temple mount|golan heights|st. louis|
    st. petersburg|washington d.c.|dead sea|red sea|black sea|persian gulf|strait of hormuz|
    white house|capitol hill|downing street|wall street|silicon valley
    """.replace("\n", "").split("|")
) - {""}

# Verbs and phrases that attribute speech, by the form they take in copy.
SPEECH_VERBS = frozenset(
    """
    said says say stated states declared declares remarked remarks explained explains added adds told
    tells asked asks noted notes warned warns wrote writes argued argues insisted insists recalled
    recalls remembered remembers continued continues replied replies responded responds answered answers
    announced announces
    claimed claims contended contends conceded concedes acknowledged acknowledges admitted admits
    observed observes commented comments suggested suggests urged urges stressed stresses emphasized
    emphasised emphasizes emphasises maintained maintains asserted asserts affirmed affirms confirmed
    confirms predicted predicts promised promises vowed vows pledged pledges boasted boasts complained
    complains lamented laments joked jokes quipped quips shouted shouts yelled yells whispered whispers
    cried cries exclaimed exclaims tweeted tweets posted posts testified testifies concluded concludes
    began begins described describes called calls labelled labeled labels branded brands dubbed
    characterized characterised characterizes termed terms blasted slammed praised praises thanked
    cautioned cautions accused accuses accusing denounced condemned dismissed hailed lauded criticized
    criticised derided mocked reiterated reiterates repeated repeats mused muses pointed explaining adding
    saying noting warning telling asking insisting arguing stating declaring calling describing writing
    recalling continuing replying stressing urging acknowledging claiming suggesting
    retorted retorts bellowed bellows snapped snaps demanded demands barked barks interjected
    interjects interrupted interrupts heckled heckles jeered jeers muttered mutters sneered sneers
    scoffed scoffs countered counters roared roars thundered thunders protested protests pleaded
    pleads begged begs sighed sighs laughed laughs chuckled chuckles grinned grins smiled smiles
    shrugged shrugs teased teases chided chides mumbled mumbles murmured murmurs groaned groans
    reflected reflects recounted recounts texted texts messaged messages wondered wonders remind
    reminded reminds reminding alleged alleges alleging
    """.split()
)

# Base forms that report speech only after "to" or an auxiliary ("rose to praise its “bold vision”",
# "she would tell a reporter"); alone they are as often nouns ("won praise") or imperatives.
SPEECH_INFINITIVES = frozenset("tell ask praise".split())
AUXILIARIES = frozenset("to would will could should might must may can did".split())

# Participles that report speech of the sentence's subject ("…, saying the system is “very strong.”").
SPEECH_PARTICIPLES = frozenset(
    """
    saying adding noting warning telling asking insisting arguing stating declaring calling describing
    writing recalling continuing replying stressing urging acknowledging claiming suggesting explaining
    """.split()
)

# Words between a subject and its speech verb that do not change who speaks ("Blinken also said").
ADVERBS_BEFORE_VERB = frozenset(
    """
    also later then again further previously earlier recently once has have had had was is would will
    could might may just quickly simply repeatedly subsequently reportedly publicly privately firmly
    strongly flatly angrily calmly bluntly separately additionally similarly likewise even still
    """.split()
)

# Lower-case nouns that, just before a capitalised phrase, say it names an organisation or a thing
# ("the consultancy Maritime Insight"), or just after it, a place or a thing ("the Ardnish Point
# lighthouse", "the Sunshine Canyon fire").
THING_NOUNS = frozenset(
    """
    company firm consultancy group club newspaper magazine journal agency bank school schools team
    brand startup start-up band label publisher charity organization organisation nonprofit network
    channel station broadcaster outlet website app platform party union movement church mosque
    synagogue hospital university college institute lighthouse fire wildfire storm hurricane
    project program programme operation mission ship vessel tanker boat plane aircraft satellite
    telescope vaccine drug film movie album song book novel series show documentary
    restaurant hotel store shop mall complex neighborhood neighbourhood community village town city
    county district region province street road river lake mountain island border crossing camp
    elementary middle high stadium arena field park bridge tower building area
    """.split()
)

# Words that introduce a name or a title rather than something somebody said.
NAMING_WORDS = frozenset(
    """
    so-called dubbed named titled entitled nicknamed branded known billed codenamed code-named
    headlined labelled labeled phrase term slogan motto catchphrase watchword title headline
    """.split()
)

# Prepositions after which a person is an object, never the subject of the sentence.
PREPOSITIONS = frozenset(
    """
    with from to by for of about against on at in into onto toward towards including between among
    than like after before under over without via alongside behind beside besides despite except
    """.split()
)

# Words marking a byline's subject as a team rather than one writer.
STAFF_WORDS = frozenset("staff team desk newsroom editors reporters correspondents writers board".split())

# Relations by which copy introduces a relative ("Her father, Angus Campbell, …").
KINSHIP = frozenset(
    """
    father mother son daughter brother sister husband wife grandfather grandmother grandson
    granddaughter uncle aunt cousin nephew niece father-in-law mother-in-law stepfather stepmother
    """.split()
)

# Lower-case words too common in news copy to say what an article is about.
GENERIC_WORDS = frozenset(
    """
    year years week weeks month months day days time times people percent million billion thousand
    hundred number part lot thing things way back well just like make made take took come came
    going want think know told says said also would could should will more most many much other
    others some such than that this those these very really still even while since after before
    about around across including include includes according last first next new old high low
    long short good best better great little small large big several whether though although
    because during without within between among against into onto over under again ever never
    always often already there here where when what which who whom whose how have been being
    does done doing went gone goes each every both either neither same another officials official
    statement statements spokesperson spokesman spokeswoman reporters interview interviews news
    today tonight tomorrow yesterday morning evening night afternoon place places case cases point
    points side sides parts group groups home end start found made change changes plan plans late
    keep kept hold holds join joined reason reasons former latter minutes hours period
    vote votes people person promise promises listen beat beats waits wait face faces double
    away down outside inside close heads head deny denies seconds second minute record figures
    anything something everything nothing someone anyone everyone perfect fastest rise rises
    fall falls level levels remote cheap cancel ninth dismiss else
    """.split()
)

# Relations that say a relative's gender ("her son, Michael Basquin" is a man).
MALE_RELATIONS = frozenset(
    "father son brother husband grandfather grandson uncle nephew stepfather stepson father-in-law "
    "son-in-law brother-in-law boyfriend widower dad".split()
)
FEMALE_RELATIONS = frozenset(
    "mother daughter sister wife grandmother granddaughter aunt niece stepmother stepdaughter "
    "mother-in-law daughter-in-law sister-in-law girlfriend widow mum mom".split()
)

# Common given names, for the gender a pronoun needs when the text has not shown it. Names that are
# given to both sexes (Alex, Sam, Jordan, Robin) are left out: they prove nothing.
MALE_NAMES = frozenset(
    """
    aaron abdul adam adrian ahmed alan albert alexander alfie ali amir andrew angus anthony antonio
    andy arjun arthur barry ben benjamin bernard bill bob brendan brian bruce callum calvin carl carlos
    charles charlie chris christopher colin conor craig dan daniel danny darren dave david dean declan dennis
    derek des dominic donald douglas duncan eamon eddie edward eoin eric ewan fergus francis frank
    fraser gareth gary gavin geoffrey george gerald gerry glen gordon graham grant greg gregory guy
    hamish harry harvey hassan henry hugh hugo iain ian ibrahim isaac ivan jack jacob jake james jamie
    jason javier jeff jeremy jim jimmy joe john jonathan jose joseph josh joshua juan julian karl
    keith kenneth kevin kieran krishna kumar lee leo leon liam luis luke malcolm marcus mark martin
    matt matthew michael mike mohammed muhammad nathan neil nicholas nick nigel noel oliver omar oscar
    owen patrick paul pete peter philip phil pierre rahul raj rajesh ravi ray raymond reza richard rob
    robert roger ronan rory ross roy russell ryan samuel scott sean seamus sebastian shane simon
    stefan stephen steve steven stuart suresh ted terry thomas tim timothy tom tony trevor tyler
    victor vikram vincent walter warren wayne william winston yusuf zach
    """.split()
)
FEMALE_NAMES = frozenset(
    """
    abigail ada agnes aisha alice alison amanda amelia amy ana angela anita ann anna anne annie brenda
    anya ava barbara beatrice beth bethany becky bridget caitlin carol caroline catherine charlotte chloe
    christine claire clare deborah deirdre diana diane donna dorothy eilidh eileen elaine eleanor
    elizabeth ella ellen emily emma erin esther eva eve fatima fiona frances gemma georgia grace
    hannah harriet heather helen holly imogen irene isabel isabella isla jane janet jasmine jennifer
    jenny jess jessica joan joanna julia julie karen kasia kate katherine kathleen kathryn katie kirsty laura
    lauren leah linda lisa liz lorna louise lucy lydia maeve maggie maria mariam marie margaret martha
    mary maureen maya megan melanie michelle mirabel molly morag nadia naomi natalie nicola niamh nina olivia
    paula pauline penelope philippa pooja priya rachel rebecca rose ruth sally samantha sandra sarah
    shanthi shona sinead siobhan sophie stella sue susan tara teresa theresa tracey una vanessa victoria
    wendy yasmin yvonne zoe
    """.split()
)
