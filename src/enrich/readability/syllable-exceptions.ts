/**
 * Syllable counts for frequent words that the rules in syllables.ts get wrong, taken from
 * the first CMUdict pronunciation (CMU Pronouncing Dictionary, BSD-2-Clause, Copyright (c)
 * 1993-2015 Carnegie Mellon University) or, for words CMUdict lacks, Pyphen's en_US
 * hyphenation (the Hunspell hyphen patterns, MPL/LGPL) — the sources textstat uses.
 * Word list (11841 words): every alphabetic CMUdict headword, plus every word seen twice or more
 * in the shared-data text corpora (HaluEval, DialFact, Q2/WoW, Jigsaw train sample; not
 * textstat's test texts), whose rule count differs from that reference.
 * Format: "<syllables>:" then the words with that count.
 */
const TABLE = `
0:
fs hm hmm hmmm mm sh shh ths
1:
aadesh aby aches acros africana agave aibased aisle aisles aji alles amet anil apa apis asana aswell asy
aulani aulide avary avec avengers ayer's babak bakovic balle balles bareilles beachey beijer beilein belle
belles berle berle's berles berles' bharatiya bien bier bierce biers bietz bille billes bires birle blea
blockchains bolle bolles bonet bowles brabus braille brailles brea briere bruen brulee buel bunkhouse buol
burges burough buskerud calle calles camil canet carles catus chamar chameleons charle charles charles' chea
cherif chien chirlane chirpchirp chisquared chrysanths chseing chuang cityscape cliett cloven cluzet colle
cosines covid cowrote crea crowle cualquier cuboid cuong dactylic dapibus darabont delle dessau dienst diercks
dierkes dierks dietsch dietsche dietz digges dille dire dirkie dischord djuan dolle donec dongseok dower
dowers dralle drawer drawers dreher dua duan duane duell dulle dutchess dwelle dwire earle earles eatza ebooks
edamame ehle elif elit elkhan elle elon elytis eprix equiv eta etas ethanvia ethereum everdeen favourable
favourites fawcett's feyen fiene fier fierce fiers fierst firstaid firstorder flavour flea fleas flexwrap
flowin flowy fontweight footrest foret fothergilla fouryear freas freda frenchies fringilla fugazi fugu
fullscreen fuoss gaclass gaiman galle galles ganache garam gaulle gelles geoff george getage gier giere gierke
giersch gille gilles gire glowie glowie's gnarle golle grahams gratin grelle grenadines greysloan grille
grinkov gruen halle harpy hatha healthylifestyle hearties helle hewish heyen hiers hiett hille hiphop hoelle
holle hotspots huan huang huard huger icao illes imho imi iostream iphone's iqaluit isle isles iso jadakiss
jeong jiang juan juang juel juelz junean junkers jupyter kahle kalthoff kazys keyshia kiene kientz kier
kierscht kille kirklees kniphofia knowles koelle kolle koularo kowloon kreher krienke kriete kuan labute laila
laoreet latenight lefti lenarr leong lien liens lietz lightyears lilist lille liqui longsleeved lorem lowflow
luelle luo lyceum machu maher maille malala malisse malle masala meagher meateaters megachile meivazhi melle
mergeleft merle mersey mien mille mindlink mirabeau mire mired mires molle movin muench musthave myarea
myarray myarrayi mytable nameemail ndrangheta nelle nelles neosho neyens nilles nondairy nordiske numpy oberoi
obrien's odie odio odori odysseas olleh omelette oneway orginal padgate paille panseared pearle pelle perle
pier pierce pierced piers pietsch piette pietz pille piqued pires plagued plaisir plea pleas plorem pothos
povetkin pralle prayer prayers preas prien priest priest's priests printi printsum psittacines puente quarles
qubits quiett quire randint rangen rashtriya rawles regex reher revenant rials rietz rioux roelle rohmer's
rolle roseau rossendale rowles ruel sagawa saimaa salle samhain sangho sansserif sarles scelerisque schierl
schnelle scholle schreyer schuele schuelke scire screwjob searle searle's searles sekyung selle semisweet
seoul seoul's server's shafi shahzad shalorus shea shea's shire shires siers signup sinaloa sires sirles
sizeleft skier skyrim snurfer snurfers sooni sowle sowles speas sperle spielfeld spieth spieth's spire spires
spruell squire staehle stayin stelle stille stires stolle strehle striar stylewidth suave suen sumamount
sumarr sunkissed swire swoosie syco tabtab tangy tarea tatau tbody telles textarea textbased textblob theia
thien thnameth thuot thymine tier tierce tiered tiers tietje tietz tietze tigges tilles toelle tolle tolles
tongued tothill towle towle's trieste troller truong tuel tuell twilio twilite twotime twotired ucchin urysohn
urysohn's uti utis valle valles vaughan vaughan's velit vien viens viers viets ville ville's vires
vladimirovich vliet volle wahle walle walles warez wastage weasley welle welles welles' wepulse werle wien
wienke wiens wier wiers wille willes wolfhounds wolle woohoo wopat workschool worstcase wuensch wyden xuan
yarmouth yearlysalary yelle yeon yuen yuille zazie zelle zier zierke zietz zilpo zoodler zuelke
2:
abbe abbeville abed abedin abled aboutcom abroken abshire ac acecomm achmed acme acme's acne acre acres
acrostic addled adelle admire admires afire afmed age's agne agnes agroforestry ague ahmed aipowered airedale
airedales aires akre alamgir aldeburgh aldred alehouse aleman alewife alewine alewives alfre alfred algiers
alignitems aliquam alkire alleman allinone allpurpose allred alred alves ambled ames's amesville amr amre
anagrams andes andre andres angelle angled anonymization ante antes anthes anytown aoi aon aoun aoun's ap
apelike aphonic app's aravind arbed ardelle argue argues arnelle arnelle's arrayi arsehole artani artes ashe's
asheville ashville aspire aspired aspirin aspirin's aspnes assuage assuaged asteraceae astred astronomer's
attired auer aug aungier authement av ave averaged awesome awestruck awfully ayesha aylesworth ayyad ayyad's
ayyash b'gosh b'nai ba ba'athism ba'athist ba'athists babbled bache's bachelors backaches backfire baez
baffled baie bakeman bakeware bakewell balliett balmes bananaoat banks's banville baptisia barbre barefoot
barkeley barkshire barnstormer barre barredora barrientes bartl base's baseball baseball's baseballs baseboard
baseboards baseline baselines baseman bass's bastille bateman batesville batres battelle battelle's battled
bauer bauers bayesian bazemore bc beach's bealeton beaubien beaupre bebe bebe's bedient bedke beebe beebe's
beebes beers's begeman beiersdorf beige's bein' beings belge belier belleville bellevue bellville beltsville
belville bene benes benz's beougher beresford bergeman bergemann berkeley berkeley's berkshire berkshires
bertke betke bette bettes beuys beville beyerle beyerlein beyersdorf bibendum bienstock bierbaum bierbusse
bierer bieri bierlein bierley bierly bierma bierman biermann biernat bierwirth biery billiard billiards
bingewatch bioactive birch's birkeland bitesize bitesized bivouac blackshire blakeley blakeley's blakeman
blakemore blakeney blakeney's blakeslee blakesley blamestrorm blithely bloodshed bludgeon bludgeoned blueeyed
blueish bluelaw blueness bluer bluest bluey bluish boa boas boaz bobbled bobsled bobzien bocce bodyweight
boehmke boggled boise boise's boleware bonebrake bonenfant bonesteel bonier bonville booe booee boonville
boredom borneman bornemann boscia boseman boss's bottled botulinum bouie bourgeois bournewood bourse's
boutelle bouygues bovespa boxshadow boyleston boyleston's bozeman bp brace's bracelet bracelets bracewell
bradtke brahms's brakebill brakefield brakeman brakemen branch's brandl brands's brauer braveheart braziers
brca brcko brcko's breastfed breathable breezeway breneman brenneman brer brescia breuer briarcliff bridegroom
bridegroom's bridesburg bridesmaid bridesmaid's bridesmaids bridesmaids' bridge's bridgeford bridgeforth
bridgehead bridgeman bridgeport bridgestone bridgestone's bridgeton bridgetown bridled brieant brienza
briquemont bristled broer broers bronchospasm bronte bronte's brookehill brooks's brookshire brooksville
brooksville's brownsville bruce's bruegge brueggeman brueggemann bruening bruer bruggeman bruin bruin's bruins
brunelle brunjes brushfire brushfires brusquely brutsche bruynes bryan bryan's bryans bryans' bryant bryars
bryen bryer bryon bs bt bubbled buckled budke buelow buena buenger buening bueno buenos buer buffeted buick
buick's buicks buie buil buist bundled bungled bunzl buono buoyant buoying burana burbled burgeon burgeoned
burns's busch's buseman bush's bushfires business business' businesss bustier buttke buttonup byam byars byas
byer byers byers' byus c'mon cabinet's cabled cacld cadre cadres cafe cafes cage's caillebotte calfed's calmes
calochone calvino's cambre camera's camille camlaren candlelit candlepin cantrelle caouette capehart capelle
capetown cardwellia carefree caremark caremark's careplus carleton carlisle carmina carriage carville
carville's case's casebolt caseload casework cashier cashier's cashiered cashiers castille castlebay catagory
cataloochee catharine catharines catherine's catherines catholic catholics causeway causeways caveman cawsl cb
cc cd cds ce centre centres ceres chaim chandrasekhar chaos chapelle chappelle chargeback chargebacks
charleston charleston's charlestown chartres chase's chasm chatz's cheesecake cheeseman chelsea chelsea's
cheltenham chemed chenier cheshire chia chiat chickpea chickpeas chiengmai chiengris chiffre chihuahuas
childener childener's childres chile chile's chloe chloe's chmiel chocolat chocolate chocolates choir
chokehold chortled chromecast chrzan chuckled chui church's ciera cieri circled claremont clarksville class's
cleah cleaveland cleveland cleveland's clevetrust cliche cliched clickable clines's clio cloer cloey
closedended closedown closedowns closedtoe clotheshorse clothestime clothier clothiers clueless cluett clyatt
clydesdale cmos cmx cnet coach's coate coates coatesville cobbled cobre coddled codebase coed coeds coen
coerce coerced coey cogema coitsville colebank colebreath colebrook colegrove coleman coleman's coleridge
coleslaw colestock coleville colleville colleville's collier collier's colliers colonel colonel's colonels
colville comeback comebacks comedown comenzar comfed comingofage compostable conehead coneheads connely
conscience conscious const contextaware contextfree conville coors's copeland copeland's copeman cordial
cordials corestate corestates coretech cornelle corriere cortana corteland cortes coscia costarring cotelle
couey could've countylevel coupled course's coursera coursework courtemanche courville covetous coville
cowritten cox's crackled crambidae cranesbill cranesbills crash's creaminess crippled crispiness critiqued
croat croat's croats croce crocheted crooked cross's crossfire crossfire's crossharbour crossville crovl
crovls crownx crozier cruelest cruelly cruelties cruelty cruey crumbled crumpled cruz's cryan cryer cspan
cuddeback cuddled cuellar cuenca cuoco cuomo cuomo's cuozzo cureton cutesy cuttingedge cv cyacq cyan cycled
cyert cygne d'affaires d'alene d'alene's d'allest d'arcy d'estaing d'etat d'etats d'etre d'etude d'ivoire
d'orsay da's dabbled dadeland daiei daigre damewood danelle dangled dansville dansville's dante dante's
danville daphne daphne's daresay darnedest darrelle darville dashville datadriven dateline dateline's
datelines datetime dauer dax's dazzled dbase dc ddmmyyyy deathbed debora debuted decelle decelles dederichs
degaulle degaulle's deidre deidre's deirdre deist delisle delmed delmed's delphian denali denlea densely dente
derouen deschanel desperate despres desselle destiny's deutschemark deutschemark's deutschemarks devalle
develle devilish deville deville's dewbre dewire dhaharan diahann diamond diamond's diamonds diaper dibbled
dictstr didnt diedre diener dierker dierolf diery dietel dieter dietrich dietrick dietzel dietzen dietzler
dietzman diez dikeman dimpled dinehart dissuade dixville dj dk dlrow dniester dockiers docusign dodge's doers
doin' doings dolce doles's dornier dossier dossiers doublecheck doubled dougl dour douville dovecote dovecotes
dovetail dovetailed dovetails downes's drakeford dribbled driveway driveways druid druids dryer dryers dudgeon
dueitt dueling duenez duenow duensing duer duet duets duey duis dukedom dukeman dumke dungeon dungeons
dunningkruger dupre dwindled dwyer dyad dyal dyan dyane dyar dyas dyer dyess dykeman dynamodb dystopian
easyfit easytouse eavesdrop ebbed echidnas eckl ecofriendly ecommerce edgecomb edgecombe edgemon edgeway
edgeways edgewise edgewood edgeworth eduard ehmke eiermann eiseman eisemann ekkehard eldred electress
ellesmere ellios else's elsewhere elvire emailmimetext embed emerald emeralds emoticons endres engeman ente
enthalpy entre ertl esquire esquire's este estelle estes eu euchre euchred euclidean eveland evening evening's
evenings expire expired eyeball eyeballs eyebrow eyebrows eyecare eyedrop eyedrops eyeglass eyeing eyelab
eyelash eyeless eyelet eyelets eyelid eyelids eyelike eyepiece eyeshade eyesight eyesore eyespot eyestone
eyestrain eyetech eyetech's eyewear ezelle fabien fabled fabre facebook facebook's facedown facelift
facetoface fahnestock faist faivre falsehood falsehoods falsely fangled farewell farewells farmtotable
farquhar fatigued favre febres fejes fenceless fencl fesmire feuer fibre fibres fiddled fiercely fiercer
fiercest fierman fiero fierro fierros fierstein filegate filename filenet fimbres fineberg finefrock finegold
fineman finestone finetuned finevest firebase firebaugh firebombed firebombs firefight firefights fireman
fireman's firemen firestone firestone's firestorm firewall firewalls firework fireworks firstfed firstier
firststr fischl fish's fivecoat fivefold fivesentence fizzled flaharty flaherty flash's flatbed flavier
fleiss's flickr flores floresheim flour flours fluid fluids fluitt fluoresce fluoride fluorides fluorine
fluorite fluorspar flyer flyers fm foiles foldable foliage folliard foncier fondled fontes fonville footballer
forbes's forbeses force's forceful forebear forebears forebode forebrain forecast forecasts foreclose
foreclosed forefoot forefront forego foregone foreground forehand forehands forehead foreheads forelimb
forelimbs foreman foremen foremost foreplay forero foresaw foresee foreseen foresees foresight foreskin
foresman foresta forestall forestalled forestalls foretaste foretastes foretell forethought foretold
forevermore forewarn forewarned forewarns forewing forewings foreword formtitle forte fortes fox's foxfire
foxmeyer fragaria framework frameworks francaises france's frangelism frankl frashier frasier frasier's
frazier frazzled freckled frederic frederick frederick's fredericks freer freest freezeout fremiet french's
freshlybaked friedl frierson friscia frizzled frontier frontier's frontiere frontieres frontiers fruin fryar
fryer fryers frymire fueling fuelling fuentez fumbled gabbana gabehart gabled gagne gainesville galesburg
gallien gambled gameboy gamechanger gamechanging gamecock gamecocks gameplay gameshow gameshows gamesman gangl
garbled gardiner gared gas's gaspe gates's gateway gateway's gateways gatewood gatx gauer gauerke gaultier
gazelle gazelles geddes geers geffre gelato geniere genre genres geoffrey geoffrey's georgann georgene georges
georgetown georgette georgia georgia's georgian georgians georgie georgine georgiou georgy geotags gerdeman
gergely gerke gerleman getaddress gia's gian giang giant giant's giants giants' giap giard gibbs's gienger
gienow gierhart gierman gietzen giggled gimme giselle giuffre giuffre's giveback givebacks glacier glacier's
glaciers gladje glanville glass's glazebrook glenfed glenfed's glenville glidewell glocester gloucester
glutenfree glyndebourne gm gmail goa goalscorer goalsetting goates gobbled goer goers goettl goetzke goin'
goings goldwire goleman gomes gonyea goodbyes gooey googlecom googled goose's goosefish goosefoot gordeeva
gorgeous gottesman gougeon grace's graceland grandpre granville granville's grapefruit grapefruits grapeshot
grapevine grapevines grappled grassl grauer graveline gravelle graves's graveside gravesite gravestone
gravestones graveyard graveyards greasewood greear greece's greenville grierson grizzled groene groer grolier
gross's grosvenor groveman grudzien gruenberg gruener gruenwald gruet gruis grumbled grunebaum grzyb gschwind
gsell gtech gtech's gudgeon guessable guez's guidebook guidebooks guideline guidelines guidepost guideposts
guiffre guinea guineas guinier guinier's guisewite guseman h's ha'aretz hackl hades hafeman hageman hagemann
hagewood haggled haist haldeman haldeman's halebopp halteman hamayouni hampshire hampshire's hamre hamsphire
handke handled hanemann hanneman hannemann hansche hapeman hapke haplogroup harangued harbourfront hardebeck
hardeman hardtke harebrained harewood hartje hartke hartl hartsville harville haseman hassled hatch's hatheway
hatred hauer havelock haveman haversine havier hawkiness haydn haydn's haynesworth haywire hbox headaches
heavierthanair heckled hedgecock hedgehog hedgehogs hedgepath hedtke heemeyer heer hegeman hehmeyer heideman
heidemann heigl heikes heileman heileman's heindl heineman heinemann heinl heinz's hellfire hellier helloworld
helms's henceforth henneman henske hereby herendeen herewith hermes herpes heshe hesse's heuer heuer's
hicksville hidebound hideout hideouts hiestand hietpas higherorder highlighters hileman hilemon hilemon's
hilgeman hilke hilliard hineman hirsch's hiss's hitzeman hjort hoarseness hobbes hobbled hodge's hodgepodge
hoene hoeveler hoey holdeman holeman holleman holmes's holtz's hombre homebound homeboys homecare homeclub
homecooked homefront homegrown homeland homeland's homelands homelike homemade homepage homerun homeruns
homesick homesley homespun homestake homestake's homestate homestead homestead's homesteads homestretch
hometown hometowns homeward homewood homework homeworld hooey hoosier hoosiers hopefuls hopewell horehound
hornacek horse's horseback horseflesh horsehead horsely horseman horsemen horseplay horseshit horseshoe
horseshoes horsetail horsetails hotbed hottelet hottelet's houdaille hour hour's hours house's houseboat
houseboats houseguest houseguests household household's households houseknecht houseman houseman's houseware
housewares housewife housewives housework houseworth housewright houy how're hp hr hrefabout hrefaboutali
hrefhomeali hrncir hsieh hsiung huadong huairou huaneng huddled huelskamp huelsman huelsmann huenink huettl
huey hughes's hui huie huish hulce's humbled humke huml hundred hundred's huntsville huseman hustled hyams
hyatt hyatt's hybl hybl's hyer hyers hygiene hynes's hypotenuse hyun i'ers ia iain iams ian ibn iceberg
icebergs icebox icefish iceland iceman iceskate ickes ickes' idemail idled ids ieyasu iie ilustrado imbed imre
inbred incheon indigofera ines ingmire innes inputting inquire inspire inspires interest interests intrigued
io ion ions ios iott ip iq iq's ireland's irelands ironton isaly iseman isnt istre it'd it'll italianstyle
italo itemname iyouhesheitwethey jaffe jaime jaime's jaimes jakeway james's jameson jamestown jamesway janelle
janesville janeway jangled jared jayme jaymes jeanerette jefferies jere jesse jesse's jiangsu jiawen joann
joanne joao jobs's jocelin joceline jocelyn jocelyne jocylan jocylan's joel joel's joers joette joey joey's
johns's jokebook jokebooks jokester jones's joneses jonestown jorge jose jose's joske's jostled jouett joyce's
joycelyn joycelyn's jr jstor juana juarez judge's judgement judgements judgeship judgeships juedes juenemann
juenger juggled jukebox juliet's julius jumbled juppe juul kabaka kamke kandinsky kaseman kaske kastl kasuga
katelyn katharine kauer kcal kcop keay keleman kelemen kennebeck kennemore kente kerrville keville keyboardist
khaled khametovich kiechl kienan kienast kiener kienitz kienle kienzle kieran kiernan kierstead kierulff
kietzman kiev kiev's kimche kindled kindred kingsville kirmse kiyoweap klauer kleindienst kliethermes klitzke
kluender kluge's kmart kmart's kmetz kmiec knauer knieriem knierim knifelike knifepoint knipl kniveton knox's
knoxville knuckled kobe kobe's koetje kooi kooy kornienko kottke kournikova kraai krajina krajina's kratzke
krebs's kresge krone kruckeberg kruer kuala kubes kuennen kuenzel kuenzli kukje kupres kvamme kyer l'alma
l'amour l'enfant l'express l'heureux labelle lacefield lacewell ladled ladykillers lakeberg lakefield
lakefront lakeland lakeman lakeshore lakeside lakeview lakewood lamke lampl lance's lancelet lanehart lanier
lanphier laos lapre larche largely largeness lasalle latelies latte laue lauer lavelle leach's leadville leah
leann leant lease's leaseback leasebacks leasehold leaseway leaseway's leavelle lebed lebed's leeds's
leeuwarden legged leicester leist leitzke lembcke lemcke lemelle lemke lemme lendl lenke lenz's leoda leola
leonard leonard's leonelle leonhardt leonhart leonie leora leota lepre lesstraveled leveille lewke lia lia's
liam liam's liane lianne libre liebl liedtke liedtke's lienau liener lienhard lienhart lierman liermann lieske
lifeblood lifeboat lifeboats lifeco lifeguard lifeguards lifelike lifeline lifelines lifelong lifeson lifespan
lifespans lifestyle lifestyles lifetime lifetime's lifetimes likewise limehouse limelight limestone limestones
lindeman lineback lineheight lineman linemen linkedin linneman linnemann linville lion lion's lions lions'
lisandro litke liveried livestock liz's lodestar lodestone lodge's lodgepole loepfe loess loew loewe loibl
lois loise loiselle lonesome lonetree longestrunning longestword longmire longpre looart loosestrife
loosestrifes lopeman louie louis louis' louise louvre loveday lovegrove lovehate lovejoy lovelace lovelan
loveland loveridge lovewell loville lowekamp lowndes lp ls luce's lucille ludcke ludeman ludemann ludke ludtke
lueck luedke luedtke luellen luepke luers lui luis lukehart lukewarm luncheon luncheons luntz's lupien
luscious lustre lutzke luu lyall lyanne lyell lynch's lyon lyon's lyons mabelle macleod macmahon madelle madl
madre madres maeve maez mahe mainville maish maitre maize's maiziere makefield makegood makegoods makepeace
makeshift mammadov managoff mandl manfre manfred mangement mangled mannlicher manuel manuele manville
manville's maoist maoists mappelle marbled marcelle march's marcille margintop marien marinara marks's
marpessa marrakesh marriage mars's marseille marsh's martelle martz's marvelle mascia masefield mastaba
match's mathes matsch's mattea matthes mattke matzke maue mauer maui mawr max's maybe maybelle mayville mbank
mcan mcbain mcbane mcbay mcbean mcbeath mcbee mcbeth mcbreen mcbride mcbridge mcbroom mcbryde mccaa mccabe
mccade mccague mccaig mccain mccain's mccall mccall's mccan mccance mccane mccann mccann's mccants mccard
mccarl mccarn mccart mccartt mccaul mccaw mccaw's mccay mcclain mcclaine mcclam mcclane mcclard mcclave mcclay
mccleaf mcclean mccleave mcclees mccleese mcclish mccloud mccloy mccluer mcclune mcclung mcclure mcclurg
mccoig mccoin mccole mccoll mccolm mccomb mccombs mccone mcconn mccook mccool mccord mccort mccosh mccoun
mccourt mccown mccoy mccoys mccrae mccraw mccray mccray's mccree mccreight mccright mccrone mccrum mccrumb
mccue mccune mccur mcdade mcdade's mcdaid mcdeal mcdill mcdole mcdow mcduff mcfall mcfalls mcfann mcfate
mcfaul mcfee mcfly mcfly's mcfun mcfun's mcgagh mcgann mcgarr mcgath mcgaugh mcgaw mcgee mcgee's mcghee mcghie
mcgill mcginn mcginnes mcgirr mcgirt mcglade mcglaun mcglinn mcgloin mcglone mcglynn mcgoff mcgols mcgough
mcgown mcgrail mcgrain mcgrane mcgrath mcgraw mcgray mcgreal mcgrew mcgriff mcguane mcgue mcguinn mcguire
mcguirk mcguirt mcgurk mcgurn mchale mcham mchan mchargue mchone mchugh mckaig mckain mckane mckay mckeag
mckeague mckean mckeand mckee mckee's mckeel mckeen mckell mckern mckey mckids mckie mckim mcknew mcknight
mckone mckown mckoy mckree mckune mclain mclamb mclane mclay mclean mclean's mclear mclees mcleish mclin
mclinn mclish mcloud mclouth mclure mcmains mcmann mcmath mcmeans mcmeen mcmil mcminn mcmunn mcnab mcnabb
mcnair mcnall mcnatt mcnaught mcnay mcneal mcnear mcnease mcnee mcneece mcneel mcneer mcnees mcneese mcneff
mcneice mcneil mcneill mcneish mcnett mcnew mcniel mcniff mcninch mcnish mcnitt mcnutt mcorp mcorp's mcpeak
mcpeake mcpeck mcpeek mcphail mcphaul mcphee mcphie mcpike mcquade mcquaid mcquaide mcquaig mcquain mcquay
mcqueen mcquigg mcquinn mcquown mcrae mcray mcree mcright mcroy mcshan mcshane mcsleep mcstay mcswain mcsween
mctague mcteer mctighe mctigue mcvay mcveigh mcveigh's mcvey mcvoy mcwain mcwhirt mcwhite mcwright mczeal md
mediumhigh medved meer meers meese's meidl meierfeld meincke meindl meistersinger melville membranebound
mendes menschville mertes merwe mesched messrs mestre methodpost metier metre metres mg mh mhm michelle
michelle's michener michener's michl micropigs midge's miears mielke mieno miera mieras mierzwa mieske
might've migues mildred milestone milestones mills's mimetext minari mincemeat minecraft minefield minefields
minehart mingled mirelle mishima misled mitre mize's mizelle mj's moab moates moers moet moishe molehill
molelike molestie molesworth moliere moliere's mongeon monte monte's montes montier montville mooers
mookychick moonves moorehead moorehouse moorestown moosehead moratimed morehead morehouse moreland moreman
mores moseley moselle moseman moshe moshe's mosier motier motl mottl mottled moueix mousehole mousepad
mousetrap moutse mozelle mpeg mr mrs mssrs mtel muddled muehlebach mueller muellner muenchen muenchow muenster
muffled mui mulvehill mumbled munkres muolo murrelet muscled must've mustvisit muzzled myatt mydatabase myer
myers myette mythbusters nadia naim naish naive najafi naked nameplate nameplates namesake namesakes namespace
nameviewport narjes nascarella nash's nashville nashville's nasr naturelover natzke nauer nauert nauseous
nayyar ndau nedved needled neidl neitzke nepl nestled nethersole nettled neue neuer neuville neville newmovie
news's newswire newswires newville newwebsite ngo ngor ngos niad niaid nial niam niamh nibbled nicolle niece's
nierman nieto nieto's nike nike's ninefold nineteen nineteenth nineties nineties' ninneman nitze noa noaa noah
noah's noel noel's nonesuch nonstarchy norsemen norske norville nosebleed nosedive nosedived notebook
notebooks notepad notepads noteware notre nouvelle novellas novoselic numberone numed numia nuova nuovo
nurse's nyack o'barr o'beirne o'berg o'boyle o'brecht o'byrne o'clair o'clock o'day o'dea o'dell o'dell's
o'dowd o'dwyer o'five o'flynn o'glove o'guinn o'hair o'hare o'hearn o'hern o'kane o'keefe o'keeffe o'keeffe's
o'lague o'lear o'neal o'neil o'neill o'neill's o'nuts o'quinn o'roark o'rourke o'shea o'shell o'steen o'toole
oakville observer's oceansize ochagavia ochre oest oeuvre ogled ogre ohlmeyer oj ok omelet omelets onecomm
oneparagraph oneself onetime oneweek oneyear onthego openai openai's opera opera's operas orville oshea osred
ottokar ouaga oubre our ours outdoorsy ovalle ovalshaped overwatch ozelle pace's paceway paddled padre padres
paean paeans paez page's pagetitle pai painesville palatinate paleface palindrome pandemics pantanal paone
papier partofspeech passe patronus patzke pay'n payperview pc pc's pcs peacenik peacetime peddled pegues pele
penske penuel peopled pepe peres peres' persony perspire persuade persuades petr petre petrushevskaya petteway
peugeot pevehouse pfiester ph phaseout phebe phelps's phetteplace philosopher's phoebe phonemate phooey
pickled picower pidgeon piecemeal piecework piech's pienta pieratt pierceall piercey piercing piercy pierette
pieri pierman piero pierpoint pierpont pierro pierron piersall piersol pierson pies's pieter pieters pietras
pigeon pigeon's pigeons pineground pinterest pipefish pipeline pipeline's pipelines pipelines' pipetec pirkl
pitchaccent pitre pitts's pj's place's placemat placeway plaguing planck's planeload planeloads platelet
platelets platelike platinum plescia pliant plus's pm poage poel poem poems poer poeschl poet poet's poets
poitier pokeweed polecat polecats poleward polje polygons polymath ponce ponsolle pontes popejoy popejoy's
porsche porsche's posse posthardcore postnazi postrelle pottebaum poutre powerbi powercise powertrain pr
prattled prattville prayerful prchal prechtl preempt preempts premier premier's premiere premiered premieres
premiers presentday press's price's priceofmilk pridemore pridgeon priebke priester priestess priesthood
priestley priestly prieta prieto prieur primebank primeco primenews primestar primetime prince's princely
princeton princeton's princeville prindl printbanana printthe prinz's pritzl privilege privileged priyanka
prizm promptenter proscia provincia proxmire pruer pruette pruitt prunedale prunskiene pryer pryor pryor's
pseudocode pseudonymization psittaciformes psyche ptyon pugmire pulte purebreds puzzled pyatt pyeatt pyre
pyres qasr qmax quaffed quiles rabes race's racehorse raceman racetrack racetracks raceway rachelle raconteurs
radke radtke raffety ragged rahe rai rainier rainville rajasthan rakestraw rales's rambled ranaldo rance's
ranch's rankled ransomware raoul raoux rapeseed rateliff rathje rathke ratier rattled rauer rauls react reacts
reale rearm rebbe rebbe's reese's reeves's refsnes rehire reichl reincke reindl reish reist relstylesheet
relyea rene renea renfred repr reservedp retire retired retires rettke reum reuse reused revelle reville reyes
rhinehardt rhinehart rhineland rhineman rhineman's rhinesmith rhinestone rhinestones rhodochiton rice's
riceville rich's riddled rideout ridesharing ridge's ridgecrest ridgefield ridgely ridgeway ridgewood riedl
rienstra riera rierson rietman rietveld rifled righteous rightmire rijn rillington rinehardt rinehart riordan
riordan's rippled risque roa robl roche's rochelle rochelle's rockne rockville roderick roderick's rodeway
roedl rogier rolls's romelle romesburg roquemore rose's roseboom rosebrock rosebrook rosebrough rosebud
rosebush rosecrans rosekrans roseland roselawn roselawn's roseline roseman rosemead rosemond rosemont rosenau
rosevear roseville rosewicz rosewood rosewood's roshier ross's rothmeier roukema rouse's rousselle rouyn rox's
royce's rozelle rudelle ruelas ruelle ruffled rugged ruin ruined ruins ruis ruiz rulebook rumbled rumpled
runnerup rurika rush's rustled ryal ryall ryals ryan ryan's ryans ryave ryen ryer ryon s's sabre sabres
sachs's sackville sacred saddled saeed saens's safecard safecard's safeco safeguard safeguards safehouse
safeties safeway safeway's safier safire safire's sagacious sage's sagebrush saif saintmichel saks's
salesforce salesman salesman's salesmen salesmen's saludos sambre samelle sampled sampre samuel samuel's sante
sanville saone sapien sartre sathre satre saucepan sauer sauers sauey saute savier saville savior savior's
saviors savr sawtelle sayed sayyid scapegoat scapegoats scarcely scarecrow scarecrow's scarecrows sceptre
schaer schauer scheuer scheunemann schieren schiewe schipke schmidl schmidtke schnittke schoene schoepke
scholary schoneman schroedl schroer schryer schueler schueller schulke schuneman schutz's schwalier
schwendeman sciacca sciandra scianna sciara sciascia scifres scikitlearn scimed scohier scoobydoo scoreboard
scorecard scorecards scour scoured scours scoville scrambled scribbled scrimgeour scrivener scsi scuffled
scuttled sdks seabed seance sears's sedgewick seidl seles seles' sellier semiarid semien semiperimeter
semitone senseless sentelle serres serverless serverside sese settled seungheon seve several sevier seville
seychelles sgt shackled shaer shakedown shakedowns shakeout shakespeare shakespeare's shamelle shaquille
sharecrop shareware sheneman shevtl shia shiah shias shiite shiites shimano shiong shirelle shorebird shoreham
shoreline shoreward shortz's should've shoveling shreveport shrikelike shropshire shryock shuey shuffled shui
shultz's shuttled shyamalan's siad siam sian sibelle sibille sichuan sidaway sidebar sidebars sidekick
sideline sidelined sidelines sideman sideshow sideshows sidestep sidestepped sidesteps sidestream sidetrack
sidetracked sidewalk sidewalks sideways sidewise sidled siegecraft siese sigl siht sikhism silautia silesian
simien singled sinuous sisemore siu six's sixsided sixteenyearold sizeler sizelove sizemore sizeright sizzled
skateboard skopje skyscanner smokescreen smokestack smokestacks smtplib smuggled smyers snakebite snakebites
snakelike snarled snia snuggled soares soldier soldier's soldiers soldiers' soledad solesbee someday somehow
someone someone's someplace somethin' something something's somethings sometime sometimes somewhat somewhere
somewheres sooy sophomore sophomores souers sour source's sourcebook soured sours southofwatford sovereign
sovereigns sox's spaceball spaceballs spaceband spacebands spacecraft spacecraft's spaceflight spacehab
spacelink spacenet spaceport spaceports spaceship spaceships spacesuit spacesuits spacetime spacewalk
spacewalks spadework spaletti spangled spanier sparkled sparsely spasm spasms speakes's speckled spectre
spektr spektr's spiceland spinks's spokesman spokesmen spongebob spongeform spoonemore sporophyte sporophytes
spouse's sprinkled spurgeon squabbled sr srdan srpska ss stagecoach stagecraft stagehand stagehands stai
stakeout stakeouts stalemate standre stangl stapled startled statecraft statehood statehouse stateside
statesman statesman's statesmen stateswest statewide stdcout stearns's stefl stegeman stegemann stegemeier
steidl stelljes stempien stepbystep steuer stevia stierwalt stifled stineman stirewalt stiteler stjohn stoic
stoics stoneback stoneberg stoneham stonehenge stonehill stonehouse stoneking stoneman stoneridge stonerock
stonestreet stonewall stonewalled stoneware storefront storefronts storehouse storeroom straddled straggled
strangelove strangely strangeness strangled strauss's strieter strikeout strikeouts stringbuilder strnad
strobl struggled studeman stumbled sturgeon sturgeons stutesman stuteville styer styers suarez suasion suazo
subs's subtilis subtotal sucre sudoku suey suez suhua sui suis suisse's summarise sumptuous sundial sunfire
sunyani surgeon surgeon's surgeons surgeons' suttmeier svp swedishbritish swindled swinehart swipeable
swoveland swyers sybille syers tabled tackled takecare takeoff takeoffs takeout tamke tamres tangeman tangiers
tangled taoist taoists taraporevala tarleton tasm tasteful tasteless tattled tauer tax's tb tbsp tdcell teate
techsavvy tele telehealth temagamilorrain tempe temperate tensely terenzo terre tersely terseness testes th
that'd that'll that've thenceforth theorem theorems theories theory theory's there'll there're thereby
therefore thereof thereon thereto therien therrien thielemann thierry thiery this'll thivierge thoene
throttled tia tickled tiedeman tiedemann tiein tierco tiernan tierney tierno tietjen tietmeyer tieu tilde
timbre timeball timeframe timeline timelines timeout timepiece timeplex times's timeseries timeshare timewise
timezone tincidunt tinkled tisch's tish's titled toa tocqueville tocqueville's toenjes toews toggled tokimeki
tokugawa tokusatsu toniest tonjes tonnesen tonyes toplevel toppled torres totzke tourville toxophilite
trademark trademarked trademarks tradeoff tradeoffs tradesmen trampled transient trapero trebled tregre
trembled treml trendier trendiest tribesman tribesmen trickled trimedyne triphosphate tripled trnka troubled
truelove truer truest truex truncheon truncheons trundled tryart trygve tryin' tryon tryout tryouts ts tsetse
tsui tt's tumbled tumblr tumblr's tunkelang tuohey tuohy tuolumne tuomi turbeville turgeon turnmire turville
tussled tv tv's tvs tvsat twentythree twinkled twodigit twofactor twosentence tyer tyers tyo typecast
typeemail typeface typeset typetext tyres tyrion udelle udemy ueland uelman uelmen uelmen's ueno ui uisge uk
ul ulfred ultricies unctuous unicorns universe's unladen unsweetened unwed urquhart usali usenet userbox
usercentered usurpations utke uv uy uys vaguely vagueness valdes vallely vampire vampire's vampires vanliere
vanvliet vardeman vares vasques vaudeville veltre vengeful venneman ventre ventres verde verdes versailles
verville vestibulum viceroy vieau vienneau vienot viera viereck vierling vierra viertel viertel's viertels
vietor vigeland vigeland's viii villiers vinaigrette vince's vineland vineyard vineyards vingmed visuals visx
vlcek vogl voice's voicemail voicework voiceworks vons's vp vpns vrba vs vsel vulputate waage waffled wageman
waidelich wakefield wakeham wakeland wakeley wakeman waleson walfred wallsloli walsh's wangled wante warbled
warehime warehouse warehoused wareing warhammer warncke warnke warrior's wasteful wasteland wattled waveform
waveforms wavelength wavelengths wavetek waymire waynesville webre websitep wedgestone wedgewood wedgewood's
wedgeworth wednesday wednesday's wednesdays weers weide weideman weidemann weigl weintz's weinzierl weiss's
weist welch's welldefined welldesigned wellesley wells's wentzville wenzl werdesheim werewolf werewolves werne
weseman wesemann westfed weyenberg what'd what'll what're what've when'll where're where've whereas whereby
wherefore which're which's whistled whiteboard whitebread whitecross whitefield whitefish whiteford whitehair
whitehall whitehall's whitehead whitehead's whitehill whitehorn whitehorse whitehouse whitehurst whitehurst's
whitelaw whiteley whitelock whiteman whitemont whitenack whiteneir whitener whitenight whitesel whitesell
whiteside whitesides whitestone whitetail whitewash whitewashed whitmire whittemore whittled who're wholegrain
wholesale wholesales wholesome whorehouse why're wicked wickes's wickwire widdled wideman widespread wieand
wiebke wiedeman wiedemann wiencek wienecke wieneke wiener wieners wierdin wierman wiersma wierzba wiesemann
wieting wiggled wikipediafair wikipedians wikiproject wildeman wildflowers wileman wiles's wilfred williard
willke willse wilshire wiltshire windowsill wineberg wineheim wineland wineman winfred wipeout wireline
wireman wiretaps wisecrack wisecracks wisecup wiseguy wisehart wiseman witch's witteman wittke witzeman
witzemans witzemen witzke wm wobbled wodehouse wolpe wolverines woodke woods's woodshed worcester would've
wrangled wrestled wretched wrinkled writedown writedowns writeoff writeoffs wuellner wuest wurdeman wuttke
wyan wyand wyant wyatt wyatt's wyer wyers wyeth wykeham wyse's x's xavier xbox xers xiang xlviii xscribe xtra
y'know yangtze ydstie ydstie's yeates yene yentl yeoman yeoman's yeomans yeosock yerkes ynez yohe yorio
yorkshire youve youville yquem yuletide yunde yvette yvonne yvonne's zaire zaire's zapien zayed zayre's
zellweger zewe zhejiang zientek zietlow zoe zoete zoey zografeion zooey zvereva
3:
aaa aba abare abc abc's abcs abd abiquiu abkhazia abler aboveboard abrams's abridgement abs abuellah
abuellah's acc accion aceves ach achaean achebe achoa achoa's acierno acm acquiesce acquiesced acreage
actress's adabelle adame adams's adine adipiscing adlai adobe adobe's adrda advance's advancement advancements
adversely aegean aeneid afl aforesaid aforethought africanamerican afsane afsane's agache's agius agrifuel
agrifuels aguirre aguirre's aichi aida aiello aiguebelle airbus's aircoa airelated airlia airways's aisa aiton
ajaj's ajax's akao akers's albeit albemarle albertville albrightsville alcoa alcoa's aldape aldenville
aldrich's aldus's alegre alex's alfieri alguire alibaba alice's alienate alkermes allante allele alleles
allende alliance alliant alliant's allianz allweiss's almonte altaic altieri alvares ama amabelle amante
amax's amazoncom ambling amc amd ameche amex's amnio amos's amrhein anacondas andante andean andreae andren
angeles angeles' angio anglen anglia anglosaxon angove aniak anime anion anions annabelle annese announcement
announcements annuit anstine antares anthiel antietam antioch antisemitism antone antunes anyon anyone
anyone's aoki aol aorta aortic aouzou apache apache's apc apc's apex's api apo aponte appliance appling arabe
arai arborville archaic archetypal arcieri ardine ariel arispe armine arnolphe arnone arrangement arrangements
arrieta artale aryan asean asheboro asiain asiel askers's askren assante assembled assiduous astilbe atheist
atheists ati atkins's atlas's atm atp attache atteberry attebury atv atx audiobook audrie auerbach aufiero
aujourd'hui aujourd'hui's aureus aventador averages averaging aviles avtex's aweinspiring awesomely
awesomeness axial axiom axioms ayende aylesbury aylesbury's azalea azaleas baa babbage's babbling babler
babyak babyish badeah baffling baggio baggio's baglio baha'is baidoa baidoa's baidoan baidoan's baidoans
baidoas baillargeon bainbridge's baio balboa balian baliles baltierra balyeat bandolier bandoliers bania
banuelos baoguang baptistery barbeque barbeques barbieri barbieri's barboursville barclays's barlettesville
barrientez barrientos bartlesville bartone basically baskerville basler basore batiste battersea battiste
battling baudouin bauerle bauerlein bauernfeind baumhauer baumler bbc bbc's bbq beachler beata beato beatrice
beautifully bechtelsville bedouin bedouins bedraggled beforehand befuddled beginalign begnoche behavior
behaviors behaviour behaviours beidaihe beidler beitler belgarde belittled bellante bellone bellyache belmonte
belote belyeu bendure bentonville berdine berghuis bernauer bernia bertling bertone beschloss's besler beucler
beumer beutler beverages beyonce bibler bichler bicycled biedermeier biegler bienkowski bienvenu bienvenue
bierbarror biernacki biggio bigler bihac's bilbaoan bilbaoans billingslea bilyeu biomed biomed's birchler
bitler blasia blasio blasius blowdryer blowdryers bludgeoning blvd boccio bodine bodybuilding boening bofors's
boggio boggling boheme bolio bombardier bombardiers bonecrusher bonecutter bonine bonior bonneville
bonnevilles bonnibelle boolean boreale boris's borocce bosler bosnia bosnia's bosnian bosnian's bosnians
bosnias bossler bottling bottone bougainville bouillon bourgeoisie bournias bournonville braaten brachia
brachii bramalea's brandeberry brazzaville brazzaville's breglio breitling brenneke brethauer bretthauer
bridgewater brigadier brigante brigode briones bristling britishamerican brittian brixius broadacre broerman
bronchial brongahafo brosious brosius brothers's brouhard bruington bruinsma bruzzese bta bubbling buccieri
buchler buckler budai buechler buendia buenrostro buentello buffone bugling bukkake bulfinch's bulthuis
bumbling bundling bundren bungling buonanno buonomo buoyancy burgeoning burgio burriss businesses businesses'
businessland businesslike businessman businessman's businessmen businessphone businessphones busler bustling
butare butare's buttonville byassee byerley byerly byington byu cabinetry cabler cabrales cacao caceres
cackling cadieux calabrian calame calcium calcote calia calpers's cambridgeport cambridgeside canace canale
canape canapes cancienne cancio candice's candler canipe cannone canoeist cansler cantone cantv caprese
caravelle carcione cardoen cardone careerending carefulness caregiver caregivers caregiving carelessly
carelessness caretaker caretakers carine carlone carlyon carmean carnine carnivora carrere carriages carriero
carryanne cartersville casale casares casciato cascone caseworker caseworkers caseze caseze's casias casio
casler cassese cassia cassone castine castio castorena catalogued cathmor cation caucus's cavalier cavaliers
caveat caveats cazares cbc cbs ccd ccs cdc cdrom cdroms cea ceasefire ceasefires ceaselessly cecere cedras's
cedrone celebre celio celium cellio celsius centerpieces centerville ceo ceraceous cercone cereal cereals
cerone cerrone cervantes cervone cesare cesium cespedes cetus's cevaxs cfo cgi chaidez chairez chambers's
chandelier chandeliers changeover changeovers chaotic chappuis charcuterie charlottesville charlottetown
charlotteville charpentier chechnya chechnya's chechnyan chechnyan's chechnyans cheeseburger cheeseburgers
chelone chemically chesler chevalier chianti chiapas chiapas' chiarnim chiaro chiasso chiasson chihuahua
chikane chilean chileans chiles's chiodo chisler chmura chopsuey chortling christabelle christiaan christiane
christianne chronicled churchgoer churchgoers cia ciaccio cialis ciancio ciano ciccone cicely cicio
cinderella's cio cioffi ciolek circling circumference circus's cisler cit citrus's cityfed ciudad
civilmilitary clarabelle classically clemente clemente's clementes clevelander clevelanders cliantha clo
clostridium cmu cnn cnn's coalesce coalesced coauthor coauthored coauthors cobler cochlear coddling
codeacademy codebreaker codebreakers codeveloped coelho coello coenen coenzyme coequal coercing coercion
coercive coexist coincide coincides cojuangco coldren colestipol coleus coline college's collegeboard
collegeville collins's collyer colombe colorfully colyer comanche comex's commencement commerce's commerical
commingled competative compliance compliant comrie condren condry conduit conduits coneflower conferencing
congress' congress's consciences consciously consciousness consectetur consuela contentwidthdevicewidth
conversely coogler coolidge's coolio copiously coplen corabelle corbusier cordially cordry cornelius cornia
coronavirus corporatewatch corrales correale corrente cortese corzine cosio cosmicomics cothren cotler cotrone
cottone coulombe countelementsarr courageous cowlings's coyote coyotes cozine cps cpu cradling cranium crary
crawfordsville creager cretaceous crippling criscuolo crisler critiquing crm crnkovich croatia croatia's
croatian croatian's croatians croatians' crochetiere crotonville crovitz's cruea crueltyfree cruikshank
crumbling crumpler crustaceous cryolite cryonics crysler csi csv cuccio cummins's curare curcio curmudgeon
curmudgeons customization cutesiness cutrone cuvelier cxc cyanide cyclades cycling cyclist cyclists cyclops's
cypress's cyrix's czerniak d'alessi d'amato d'amato's d'amico d'andrea d'artagnan d'aubuisson d'escoto d'olier
d'souza dabbling dacia daguerreotype daiichi dalgleish dalian dallas's dalliance danese dangler dangling
daniels's dannemeyer dantuono daponte darbyshire daredevil daredevils darienzo daseke datapower davide davis's
dazzling ddt dealba deana deanda deandrade deanna deboer deboers debruin decorative decorte decoste defense's
defenseless defrates degrace degrasse degrave deguire deharbe dehere deibler deified deify deisher deism
deities deity delbene delbuono delcambre delcine delconte deleeuw delfine delgadio delgrande deline delio
delmonte delores delorme delouis delphine delponte deltaic deluise demetre demonte denboer dengler denial
denials denio depace depietro deponte derbyshire dercole derienzo desai deschler desio despacito detienne
detore dettore deubler devere device's devillier devillier's devonshire devour devoured devours dezeeuw
dianthe diapering dibuono dichroic dickens's dicomed diego diego's dieringer dieterich dieterle differently
dildine dimare dingler dinius dioceses dios's dipiero dipierro dipietro dirienzo disabled disbursement
disbursements disease's disgorgement disgruntled dismantled dissuaded distasteful dlouhy dlugos dlugosz dmitri
dmz dna dnase dnc dns doable dobler doebler doerfler doering dolores domine domingues donia doonesbury
dopaminergic doraville dorine dorotea dosia doublesided doubling douglas's drastically drechsler dreyfus's
dribbling drizzling droessler droughtresistant dsouza dss dsv dubilier duesler dui dulcibelle dupler duramed
durante dushyanth duvalier duvaliers dvd dvds dwindling dyana dyansen dyatron dyazide eagleye eap easudes
easytounderstand eavesdropping eblen ebling ebullience ebullient ecofriendliness ecuador ecuador's eduardo
edwards's eeo eichler eifler eiichi eissler ekk ekopedia elaborate elders's eletr elia elio ellis's elouise
elsevier elsevier's elvis's embattled embezzled embryo embryos emigre emigres emiliaromagna ems emslie emuil
emuil's enabled encircled endorsement endorsements enfeebled enforcement enforcement's enforcements englbred
engler engler's enhancement enhancements eniac enlargement enlargements ennobled ennui enrique enslen
entangled entebbe entebbe's entendre entitled eos's epa ercole esler espalier especially esselte essex's
estadio estatehood esteves estrangement ethnically ethnos's ethyol etienne euismod euphrates europewide evadne
evans's evansville evennumbers everyday everyman everyman's everyplace everything everything's everythings
everytime everywhere excellencies excellency exchange's excoa express's exxonmobil eyecatching eyedropper
eyeglasses eyelashes eyeliner eyeshadow eyewitness faiella falcone falzone familial familiar faneuil fansler
fantabulosa farace farese farmers's fasone fastestgrowing fatiguing favale fayetteville faymonville fbi fbi's
fcc fcc's fda fealty featherbed featurelength fedders's feelgood feinauer felix's fenian fenjves fernandes
ferrante ferriera ferrone fesler feuerborn feuerman feuerstein fiance fiddler fiddler's fiddlers fidler
fiennes figler figurehead fillauer filyaw finale financement financier financiere financiers findling
finetuning finian finian's fiore firearm firearms firefighter firefighting firepower fischler fisler
fivepointed fizzling flageolet flamemaster fleischauer florence's fluorescence fluorescent fluorescents fogler
foglia foglio folio fondling fondren fontainebleau forcefully forcefulness forebearance foreboding forecasted
forecaster forecasters forecasting forecloses foreclosing foreclosure foreclosures forefather forefathers
forefinger forefingers foregoing foreperson forerunner forerunners foreseeing foreshadow foreshadowed
foreshadows forestalling forestville foretelling forewarning forewoman forewomen forgione fortas's fosler
fragale francese franchise's francisville franklinville franzese franzone fredericksburg freemyer fregia froio
fruition ftp fujii fukui fulllength fumbling furnace's fuselier fustian gabbroic gabele gabler gabriel
gabriel's gabriele gabrys gaccione gaglio galante galiena gallium galyean galyen galyon gambale gambling
gamboa gamekeeper gamekeepers gamesmanship ganglia ganglion gaona garcia garcia's garcias gardenhire garrigues
gasior gasolinepowered gatekeeper gatekeepers gaussian gavras's gdp gebauer gebler genex's genoa gensia
gensler gentlest genuine geoghegan georgakis georgeson georgienne georgina gerace gerety gertler gessler
gettler gfeller ghettoize giacobbe giambrone giampietro giangrande giannone giardi gibler giebler giesler
gigante giggling giggly giglia giglio giguere gilchrest gilcrest gilliam gillian gilliand gilliardi gingrich's
gionet giorgio girdler gisler giudice giulio giuseppe givens's gladieux globetrotter globetrotters gnc gnp
gobbler gobblers gobbling gochnauer goeas goemon goering goewey goglia goncalves gondolier gondoliers gonia
gonium gonsalves gonzales goodrich's gooseberries gooseberry goradze gorazde gorazde's gorniak gorospe govpx
gps gracias granieri graphically grassia greeleyville greelieville greeniaus greenpeace's greenwich's griesa
groening grotesquely gruenewald gruenhagen grumbling grumblings grzelak grzywacz gualtieri guardfish's
guarnieri gubler guccio guccione guercio guerneville guerrieri guerriero guettler guidone guidry guilliams
guinness's guitierrez gumaer gundry gunia gurgling gurtler gusler gustave gutierez gutierrez guzzler's
guzzlers guzzling ha'etzni hackler hadler haering hafnia hafnium haggling hajime halcion halcion's halcyon
halcyone halfacre hallauer hallowe'en hamblen hamler hamlisch's hammas's hamptonshire hamptonshire's hamtramck
hanauer haranguing harare hardacre harleysville harris's hasler hassling hatler hausauer hausler haussler
hawaii hawaii's hbo hebrides heidler heinlen heishman heisler helbling helium hellyer hempfling hendren
hendrie henneberger henneberry henrie henriques hensler herbaceous hercules heretofore hernia herniate
herniates heroic heroics heroin heroin's heroine heroines heroize heroized hertzler hesiod hesler hessling
hestia heuerman heuermann heyboer hgh hierarchies hierholzer hieroglyph hieroglyphs hietala highcalorie
hillyer hilyer hirai hirose hisao hiv hobbling hobbyist hobbyists hoefler hoefling hofbauer hoffler hoffpauir
hoium holdren holian holvis's holyoak holyoke holzhauer homebuilder homebuilder's homebuilders homebuilding
homebuyer homebuyers homecoming homelessness homemaker homemakers homemaking homeowner homeowner's homeowners
homeowners' homeporting homesickness homesteaded homesteader homesteaders homeworker homeworkers hopefulness
hopelessly hopelessness horace's horsemanship horsepower horseradish hosiery hosler hospice's hossler hotelier
hoteliers hourglass housebroken housecleaning householder householders housekeeper housekeepers housekeeping
houseraising housewarming hrdlicka hrubik httpswwwnytimescom huachuca huallaga hubler huddling hudler huetta
hufbauer humanaltered humbler humblest humbling humfry humphries hurdler hurdling hustler hustlers hustling
hyacinth hyacinthe hyacinths hyades hyannis hydropower hyena hyenas hygienist hygienists iago ialla ianni
iantha ianthe iason ibm icebreaker icebreakers icelandair icelandic iceskating idler idling iezzi ijames
imageries imagery imax's immanuel immensely immunetech impetuous impoverish impoverished imrie incentivize
incentivized incestuous inchoate index's indifferent infante influencers infrared infringement infringements
ingalsbe inglish initializes inoue inouye inputenter inscore intensely interbred interested interesting
intinputenter intrieri intriguing intuit intuit's inversely involvement involvements iodice iodide iodide's
iodides iodine iola iole iona ione ionic ionics ionize iosif iosue iota iou iowa iowa's iowan iowans
irishamerican irs isabelle isautier ishii isolde israel issueless issuer issuer's issuers italicized ixion
izquierdo jacksdeit jacksonville jacksonville's jacobs's janiak janiero jarvis's jasmer jayewardene jeanlouis
jeanniot jerboas jerrome jersian jersians jesmer jesuit jesuits jesus's jezierski jfk jiggling jillian jna
joachim joachim's joachims joanna johannes jonesboro jopling josiah jostling juanita judgemental juggler
jugglers juggling jukeboxes julian juliann julianne julieta julio jumonville junia junius jurgensmeyer
justice's kabler kadrmas kafkaesque kahane kakuei kalinske kalliel kallio kamler kampschulte kanade kania
kansas's kansian kantian kapler karate kasese kasich's kasler kasmer kasprzak kasprzyk kasriel kastenmeier
katia kawai kawate kaweske kazmierczak kazmierski keanu kedzierski keiichi keisler keisling keister keisuke
kellyanne kendzierski kensler keresztes kesler kesling keteyian keteyian's kettler kgb kgori kieninger kigale
kigale's kiichi kilian kimbriel kimifusa kimler kindler kingry kinsler kisler kisling kittler kkk klingler
kmiecik knearest knievel knoedler knowledgeware koala koalas kobler koegler koernke koffler kofler kogler
koichi kokate kokate's kooiker kooiman kooistra kooyman kopischke korean koreans koreans' koresh's koteles
kotler kouri kouyate kredietbank kreidler kreisher kroening krysiak kubler kuchler kudrna kuebler kuechler
kugler kunio kuomintang kuomintang's kusiak kusler kuznia kyoko kyoshi l'expansion l'oreal labarre labine
labranche labrie labrosse lacasse lacaze lacerte lachapelle lacombe laconte lacorte lacosse laduke lafalce
lafavre lafler lagace lagarde lagasse lagrone laity lalande lalonde lalone lamaist lamarche lamarre lamere
lamorte lancashire landauer landfried lanese langelier langone lanius lanoue lanouette laotian lapalme
laphroaig lapine laplante laprade larine laroche's larochelle larose larosiere lastrapes latanze latecomer
latecomers laterriere latorre latticework lauerman lauinger launius laureate laureates lavere lavine
lawrence's lawrenceburg lawrenceville lazare lcb lcs lealia leander leandro leanza leccese leconte lecrone
lefebre lefebvre lefevre legare legendre leggio leibfried leilia leino lemaitre lemuela lenient lenius lentine
leonara leonarda leonardi leonardis leonelli leonetti leopold lepere lepine lepore lereah lesabre lesabres
lesane lesiak lesieur lesniak lesuer lesueur letendre lettieri leveraging lewis's lexicalis lexus's
leyendecker liamine liana lianna liberte libya libya's libyan libyans licio liebling lienemann lifecycle
lifesaver lifesavers lifesaving liggio lightermatches likelier likeliest likelihood likeminded likenesses
lilia lilian liliane lilienthal lillian lillian's lilyan lincolnshire lindauer lineage lineal linear linear's
linebacker linebackers lineberger lineberry lineweaver linguine liomine lionel lionheart lionize lionized
litalien littler littlest livelier liveliest livelihood livelihoods liveliness llc llorente lobbyist lobbyists
lobbyists' loconte loella loewen loggia logically loiseau loneliness longacre longenecker longshoremen
longshoremen's lopez's lorean lotus's louima louima's louis's louisa louisan lovemaking loverde loxodonta lpn
lsd ltd lti lti's lucas's lucasville lucchese lucente lucianne lucien lucienne lucio lucrezia luera luigi
luigi's luisa luncheonette luncheonettes luscombe lyerla lyerly lyondell lyonnais lyonnaise lyons's lyphomed
lyphomed's lyrically lysichiton mabry macabre macchia macchio macdiarmid machete machetes machinegun
machineguns macias maciejewski macinnes macioce macrame madlen madore madyun maeda maenza maestri maggio
magiera maglio magnolias magnone mahadevan mahfouz's maiello maione majeske majure makeover makeovers malabre
maladaptive malave malefemale malia maline malkiel mallia mandeville mangieri mangine mangione mangling
mangone mangope manhandled mania maniac maniacs manioc manuela maoris maralago maranville marash's marchese
marchio marcial marciante marcone marcos's marcus's marginbottom mariel marienbonn marienbonn's marife
marineland marriages marrone martens's martins's martinsville martone marui maryann maryanne marylebone
marysville maryville masai masao mascioli masius maslen massacre massacred massacres massieu masterpiecepbs
mastrich's matcheslighter mathai mathopsselfnum matisse's matrix's matsui matthews's mattress's maurice's
maurine mawyer maxion maxus's maxzide mazzei mazzone mba mbira mcabee mcadam mcadams mcadoo mcadow mcafee
mcaffee mcaleer mcaleese mcallen mcaloon mcalpin mcalpine mcamis mcandrew mcandrews mcaninch mcardle mcarthur
mcartor mcatee mcateer mcaulay mcauley mcauliff mcauliffe mcauliffe's mcavoy mcbirney mcbrayer mcbrearty
mcbrien mcbryar mcburnett mcburney mccadden mccaffrey mccaffrey's mccaghren mccahill mccaleb mccalip mccalla
mccallen mccalley mccallie mccallion mccallon mccallum mccalmont mccamant mccambridge mccamey mccamish
mccammon mccampbell mccamy mccandless mccandlish mccanless mccanna mccannon mccardell mccardle mccarey
mccargar mccargo mccarley mccarney mccarran mccarrell mccarren mccarrick mccarroll mccarron mccarry mccarson
mccartan mccarten mccarter mccartha mccarthy mccarthy's mccartin mccartney mccartney's mccarty mccarver mccary
mccaskey mccaskill mccasland mccaslin mccaughey mccauley mccaulley mccausland mccauslin mccauthy mccawley
mcchesney mcchristian mcclaflin mcclaran mcclaren mcclarnon mcclarty mcclary mcclaskey mcclatchey mcclatchy
mccleary mccleary's mccleery mcclellan mcclelland mcclellen mcclements mcclendon mcclenny mccleskey mcclimans
mcclintic mcclintick mcclintock mcclinton mcclory mccloskey mcclosky mccluney mcclurkin mccluskey mccolgan
mccollam mccolley mccolloch mccollom mccollough mccollum mccomas mccomber mccombie mccommon mccommons mccomsey
mcconkey mcconnel mcconnel's mcconnell mcconnell's mcconnon mccooey mccorkel mccorkell mccorkle mccormac
mccormack mccormick mccormick's mccorry mccorvey mccoskey mccotter mccovey mccowan mccowen mccowin mccracken
mccrackin mccrady mccraney mccranie mccrary mccravy mccreadie mccready mccreary mccredie mccreedy mccreery
mccreless mccrickard mccrillis mccrimmon mccrocklin mccrorey mccrory mccroskey mccrossen mccrudden mccrystal
mccuan mccubbin mccubbins mccuin mccuistion mccuiston mcculla mccullagh mccullah mccullar mccullars mccullen
mcculler mccullers mcculley mcculloch mcculloh mccullough mccullum mccully mccumber mccurdy mccurley mccurry
mccusker mccutchan mccutchen mccuvey mcdanel mcdaniel mcdaniels mcdannel mcdaris mcdavid mcdavitt mcdearmon
mcdermid mcdermitt mcdermot mcdermott mcdermott's mcdevitt mcdivett mcdivitt mcdonagh mcdonald mcdonald's
mcdonalds mcdonell mcdonnel mcdonnel's mcdonnell mcdonnell's mcdonough mcdorman mcdougal mcdougal's mcdougald
mcdougall mcdougals mcdougals' mcdougle mcdowall mcdowell mcduffee mcduffie mcduffy mcdugal mcdurman mcdyess
mceachern mceachin mcelfresh mcelhone mcelrath mcelreath mcelroy mcelvain mcelvaine mcelveen mcelwain
mcelwaine mcelwee mcendree mcenroe mcentee mcentyre mcerlean mceuen mcever mcevers mcevoy mcewan mcewen
mcfadden mcfadden's mcfaddin mcfadin mcfalland mcfarlan mcfarland mcfarlane mcfarlane's mcfarlin mcfarling
mcfarren mcfatridge mcfatter mcfayden mcfeely mcfeeters mcferran mcferren mcferrin mcferron mcfetridge
mcgaffey mcgaha mcgahan mcgahee mcgahey mcgalley mcgalley's mcgannon mcgarrah mcgarry mcgarvey mcgary
mcgaughey mcgaughy mcgauley mcgavin mcgavock mcgeachy mcgeary mcgeean mcgeean's mcgeehan mcgeever mcgegan
mcgehee mcgibbon mcgillen mcgillis mcgilton mcgilvray mcginess mcginley mcginness mcginnis mcginniss mcginty
mcgivern mcgivney mcglashan mcglasson mcglaughlin mcglinchey mcglocklin mcglory mcglothen mcglothin mcglothlin
mcgoey mcgoldrick mcgourty mcgovern mcgovern's mcgowan mcgowan's mcgowen mcgowin mcgrady mcgreevey mcgreevy
mcgregor mcgrevin mcgroarty mcgrogan mcgrory mcgruder mcguckin mcguffee mcguffey mcguffie mcguffin mcguigan
mcguiness mcguinness mcguyer mcgwire mcgyver mchaffie mchaney mchatton mchenry mcilrath mcilroy mcilvain
mcilvaine mcilveen mcilwain mcingvale mcinnes mcinnis mcinroy mcintee mcintosh mcinturf mcinturff mcintyre
mcinvale mcisaac mciver mcivor mcjunkin mcjunkins mckamey mckanie mckanna mckarrick mckechnie mckeegan
mckeehan mckeeman mckeesport mckeever mckeithan mckeithen mckellan mckellar mckeller mckellips mckelvey
mckelvie mckelvy mckemie mckendree mckendrick mckendry mckenna mckenney mckennon mckenny mckenrick mckenzie
mckeon mckeone mckeough mckeown mckercher mckernan mckesson mckesson's mckethan mckevitt mckibben mckibbin
mckibbon mckillip mckillop mckimmey mckimmy mckiness mckinlay mckinley mckinney mckinney's mckinnie mckinnis
mckinnon mckinny mckinny's mckinsey mckinstry mckinzie mckissack mckissic mckissick mckitrick mckittrick
mcklatchy mckneely mckowen mclachlan mclaren mclarney mclarty mclarty's mclauchlin mclaughlin mclaurin mclaury
mclawhorn mcleary mcleland mclellan mclelland mclemore mclendon mclennan mcleroy mclerran mclester mclinden
mclucas mcluckie mcluhan mcmackin mcmahan mcmahen mcmahill mcmahon mcmaken mcmakin mcmanis mcmannis mcmansion
mcmanus mcmartin mcmaster mcmasters mcmeekin mcmichael mcmichen mcmickle mcmillan mcmillen mcmiller mcmillian
mcmillin mcmillion mcmillon mcmoran mcmorran mcmorris mcmorrow mcmuffin mcmullan mcmullen mcmullin mcmurdo
mcmurphy mcmurray mcmurrey mcmurry mcmurtrey mcmurtry mcnairy mcnalley mcnally mcnally's mcnamee mcnamer
mcnaney mcnary mcnaughton mcneally mcnealy mcneary mcneeley mcneely mcneilly mcnelis mcnellis mcnelly mcnemar
mcnerney mcnevin mcnichol mcnichols mcnickle mcnicol mcnorton mcnuggets mcnulty mcomber mcpaper mcparland
mcpartland mcpartlin mcpeters mcphatter mcphearson mcpheeters mcpheron mcpherson mcphillips mcquarrie mcquary
mcqueary mcqueeney mcquerry mcquethy mcquethy's mcquilkin mcquillan mcquillen mcquillin mcquiston mcquitty
mcrainey mcraney mcreynolds mcroberts mcrorie mcsherry mcsorley mcspadden mcsweeney mctaggart mctavish
mcternan mctier mcvicar mcvicker mcwaters mcwatters mcweeney mcwethy mcwherter mcwhinney mcwhirter mcwhorter
mcwilliam mcwilliams mealo meander meandered meanders meanvariance meciar meddling medically mediumsized
meeuwsen meinecke meineke meisler melamed melchior meleis melia mellifluous meloche melone melridge's mendieta
mengele menial mercedes mercedes's merieux mesler messagefrom messagepad messageto messiaen messiaen's messiah
messiahs metagogued metamorphism mfume mgm micale micciche miccio michio mickey'll microage microaire
microservices middling mignone mijares milbauer mildrid milian militarystyle mineowner mineowners minesweeper
minesweepers mineworker mineworkers mingling ministering minium minjares minniear minoan minuet minuteman
minutemen miotke mirabelle mireles miscarriage mischler miscreant miscreants mishandled misiak mit mitsui
mitsui's miyake mkhatshwa mladic's mme moammar mobiliare moccio moening moerman moesha moglia mohamed mohammed
mojave molpus's moncure monforte monroeville montagnier montague montante montgomery montgomery's montiel
montien montmartre montone montreal montreal's montrouis montuori morace morante moreover morgante morine
mormonism morningafternoonevening morones morpheus morreale morris's morrisville morrisville's morrone
mortgage's mortgagepower mosaic mosaicked mosaics mosler mothershed mottling movietime mpg mph mri msgr mtv
muccio muddling muehlbauer mugabe mugabe's muhamed muhamed's muhammed muhammed's muhlbauer mukai
multitoolknife mumbling muriel murnian murrieta musante muscling museum museum's museums musial musically
myelin myers's myopic myosin n'djamena nacchio nacobre nadler nagai nagao naively nakai nakao namaste nania
naoki naoma naomi naperville napoletana nardone narnia narvaez natale natchez's natchitoches natsios naturedly
nauseate nauta navellier nba nbc nbc's nedlloyd needler neglia neibauer neisler nelia nemean neoax neophyte
neophytes neoprene neoprobe neorx nepenthe nesler nesler's nestler netterville neubauer neuendorffer
neverending newbauer newfangled newgateway newlywed newmyer nfc nfl ngema ngueppe niacin nibbling nicety
nichols's nicklaus's nicollier niebauer niebling nienhuis nierenberg nieves ninetieth niobite nkohse nmr
nodine nogales nonbusiness noncorporate nonetheless noninterest nontrivial nordine nordling norris's
noseworthy noteholder noteholders notetaker notetakers noteworthy novoa npr npr's nuccio nuclear nuclei
nucleic nucleus nuncio nunemaker nuzzling nvhome nvhomes nvryan nyenhuis nyerere nyeri nyina nynex's o'banion
o'bannon o'bara o'berle o'berry o'bregon o'bremski o'brian o'briant o'brien o'brien's o'bringer o'brinsky
o'bryan o'bryant o'campo o'cana o'canas o'carroll o'cilla o'connell o'conner o'conner's o'connor o'connor's
o'deli o'diorne o'donald o'donnel o'donnell o'donnell's o'driscoll o'fallon o'farrell o'gorman o'grady
o'grady's o'guin o'hagan o'hanlon o'hara o'hara's o'harra o'hashi o'haver o'herron o'kelley o'kelly o'keson
o'kicki o'laughlin o'leary o'leary's o'loughlin o'malley o'mara o'marska o'meara o'mori o'reilly o'riley
o'smarty oad oahu oas oases oasis obermaier object's obliquely oboist obryan obryant ocain occhoa occhoa's
ochoa octavian odele odp odwyer oeien ofc office's officemax oguin oishi okabe oken olathe oleske omniscient
oncale ondaatje oneofakind onex's onofre onpremises oostzaan openended openminded openweathermap opinionbased
optically orabelle orangeburg ordchar ordnance's orestes organelles orgasm orgasms oriordan orlean orlean's
orleans orleans' orpheum orpheus osake osmer ostia ostling otiose ourself ourselves outler outrageous overfed
oversea overseas oversleeping ovitz's owens's paccione pacemaker pacemakers pacesetter package's paddling
pagemaker paglia painewebber painewebber's palace's palau's palese pallante pallone panciera pannone
papageorge papale paredes parente paris's parmele pasquale passageway passaic passante patese patio patios
patlex's patnaude patrie patrone pautler pavese paywhatyouwant pdf peacefulness peacekeeper peacekeepers
peacekeeping peacemaker peacemaker's peacemakers peacemaking pecore peculiar peddling pedone pelaez pelletier
pentium pentiums perales peres's perine perkins's permeate permeates perrine perrone perseus persuaded
persuading persuasion persuasions persuasive perusse perversely petrone pettine peyote pfizerbiontech pga
pga's pgm phantasm phd phelpsthe philippe philips's phillips's phoenix's phonotactics photoop php phrygian
physio picante piccione piccone pickens's pickler pickren picturetel piddling pierini pieroni pierotti
pierrelouis pierrepont pietila pietism pietrowski pietruszka pigeonhole pigeonholed pignone pilates pineal
pipefishes piraeus pirouette pirouettes pirrone pisciotta pizzazier plaisted platystemon pleasantville
pleiades plinius pociask pocius poetic poetics poetry police's policeman policeman's policemen polio pollio
pontiac pontiac's pontiacs pontikes pontius popularised porchia portablepower portales posterior posteriors
pourciau povich's powerfully pozniak ppm practically praiseworthy preamble prearrange prearranged predaceous
preempted preempting preemption preemptive preexist preexists preisler premiering premiership prentnieks
preponderance preposition presler priceofeggs princess's principally principe principled prindiville priore
privileges proactive prochlorococcus productsservices prokaryotic promiscuous pronouncement pronouncements
prosaic prosciutto protean protease protege protium province's provincetown provine przybyl przybysz psychlos
psychologie psyllium ptovsky publically puccio puglia puipoe pulliam puopolo pursuer pursuers pursueth
puzzling pvc quadrupled quaglia quarante quassia quattrone queenfish's quenneville quibbling quiescent quinoa
quintupled quixote racamier racehorses racontemoi rademaker radically radiohead radler rafael rafuse raggio
ragone rainger rania raphael rapprochement rasia ratatouille ratepayer ratepayers ratepayers' ratio ratios
rattler rautio rayonier rca reabsorb reabsorbed reactants reacted reacting reaction reactions reactive reactor
reactor's reactors readjust readmit reaffirm reaffirmed reaffirms reagent reagents realign realigned realise
realised realist realists realize realized reallife realtime realtor realtor's realtors realty realty's
realworld reappear reappeared reappears reapply reappoint reappraise reappraised rearming rearrange rearranged
rearrest reassert reasserts reassess reassessed reassign reassigned reassume reassumed reassure reassured
reassures reatta reattach reattached rebellious recchia recine recio recipe recipe's recipes recommender
recore recovery recycled redoubled reelect reemerge reemerged reenact reenacts reenter reentered reentry
reexport reexports refenes refuge's refusenik refuseniks reggio reichart reichling reichstag reignite
reimburse reimbursed reimpose reimposed reina reinecke reinforce reinforced reinspect reinstall reinstalled
reinstalls reinstate reinsure reinsured reinvent reinvest reinvests reinvite reissue reissued reister
rekindled relatable reliance reliant remarriage remorseful remorseless renate renschler reopen reopened
reopens requiem rerecorded rerecording rescuer rescuers research's resembled resende resettled reshuffled
resilient resourceful restauranteur restauranteurs retemeyer reunion reunions reunite reunites reusing
reuters's reveles reversedstring revuelta reynolds's rezendes rhythmically ricaurte riccio richards's
ricocheted riesterer riggio righteously righteousness rightmyer rigler rinehimer ringler rippling riverbed rna
roanoke robare roberts's robins's robitaille robling rocchio rock'n'roll rodine rodrigues rodriques roesler
roessler roethler roever rogers's roggio roisman rolemodel rolemodels roleplaying rollins's romine rosabelle
roseate roseberry roseboro roseborough rosemarie rosemary rosemeyer rosiak rosine rossler rothbauer rothmans's
rototilles rounsaville royex's rpf rpm rte rueda ruffling ruggieri ruggiero ruining ruinous rulemaking
rumbling rumbling's rumblings russellville rustlers rwanda rwanda's rwandan rwandan's rwandans rwandese
ryanair ryava ryobi ryohei ryuzo rzasa rzepka saccone saddler saddling safeguarded safeguarding safekeeping
sagraves sakai sakau salesmanship salespeople salesperson saleswoman saleswomen salisbury salome salutation
salyer salyers samoa samoan sampras's samuelle samuelsen sanchez's sanders's sandoz's sansui sansui's santone
santore santorini sanzone saouma sapienza sapoa sapone sarage's sarcasm sarine sarmiento sassone sauerkraut
sauerteig sauerwein saunders's sauter sba sbf scalese scalia scalia's scania scannernextdouble scapegoated
scapegoating scarpone schadler schaedler schaufler schedler scheffler scheidler schettler scheuerman
scheuermann scheufler schiano schiappa schiavi schiavo schiavo's schickler schickling schickner schiffbauer
schiffler schildknecht schisler schissler schloesser schlotzhauer schmutzler schnettler schoeffler schoening
schouten schreffler schubring schueneman schuenemann schuerman schuermann schwegler schwieterman schwoerer
scialabba sciarrino sciclone science's sconyers scorekeeper scorekeepers scorekeeping scorsese's scouring
scrambling scribbling scs scuffling scuttling sdn seattle seattle's sebaceous secchia sechrest sechrist
secondlargest secondstr secrest secrist sedore segraves segrest seifried seigler selfawareness selia sellars's
semele semones sergeantmajor service's serviceman servicemen servicemen's sesame sesler settlemire settler
settling seventhlargest severally severeville sexauer seyfried shabazz's shamanism shamelessly shaolin
sharecropper sharecroppers shareholder shareholder's shareholders shareholders' shareholding shareholdings
shareowner shareowners sharpeville shelbyville shidler shiremanstown shisler shizuoka shoichi shoshone
shuffler shufflers shuttling siamese siano sidestepping sidewater sidewinder sidler sidling siekierski
sieracki sietsema siewiorek sightseer sightseers sigler signore silhouette silhouettes silvestre simile
similes similiar simler simmons's simpler sinead singler singling siniard sirrine sisler sistare sitler siuda
sizzling skateboarder skateboarding skrzypek sledgehammer slopeintercept smokejumper smokejumpers sms socio
socrates solares soldiering solely soloist soloists somebody somebody's somerville sommerville soros's sos
sosuke souring sovereignty soyuz's spacebetween spacewalking spanbauer spangler speciale specialities spengler
spinale spindler spitale spokespeople spokesperson spokespersons spokeswoman spokeswomen sponsler spracklen
springerville sprogus's sql sqrtssasbsc squabbling squillante squitieri ssasbsc ssn stabler stablest staffieri
staffordshire staffordshire's stakeholder stakeholders stalemated stangler staniar stapler staplers stapling
starace stasiak stasio statehouses statesborough statesmanship statuesque statuette statuettes stds stefanovna
steinbauer steinhauer stelian stephens's stephenville steubenville steuerwald stevens's stickler stiegemeier
stingless stoever stoneberger stoneburner stonecipher stonecutter stonecutters stonehocker stonesifer
stonewalling storagetek storehouses storekeeper storekeepers stoudemire stoudenmire strangling stratus's
strenio stricklen strikebreaker strikebreakers strontium struggling stumbling stygian subconscious subgenres
subnotebook subtitled subtler subtly sudafed sudler suez's suicide suicides sumerians summarises summers's
summerville summitville sumofintegersint sunia sunobe sunobe's sunrise's superfluous superpowers' superx
surace surety suspenseful sustainably suu suv suv's suvs swayamsevak swindler swingler swordfish's sybase's
syllogism sylvestre syncope syntex's synthpop szczesniak tabares tabler tabling tac tadeusz taglieri taira
takao takeover takeovers talkwikiproject tamales tamraz's tanabe taoism tapeie tapeie's taphonomy tassone
tastefully tavares telex's telmex's temperament temperaments temperature temperatures templateuser templer
templers tenement tenements tennis's tequilabased terence's tertius tesler tesmer tetrameter texas' texas's
thaddeus thallium theater theater's theaters theatre theatre's theatres theism theseus thomas' thomas's
thomasville thoroughbred throneberry throttling tiaacref tiaacref's tianjin tiano tiara tiaras ticklish
tidewater tijuana timelinejs timeliness timetable timetables timpone tingler tingling tinkler tinkling tipler
tireless tirelessly tiremaker tischler titusville tlc tobler tokyo tokyo's tolanthe tonia toppling torchia
toshio tracheal tragically tramiel tramonte trbovich treglia treichler trembling tribalism trierweiler
trigonometry tripling trisler tritium troubling trousdale truglio truism trulove trusler trzaska trzcinski
tsongas's tuberville tuinstra tuition tuitions tullia tullio tumbling turberville twinkling twinkly
typecasting typefaces typepassword typesetting typesubmit typewriter typewriters typewriting typewritten
typically ueki ufo ufo's ufos ugalde ugarte uinta uliaski uliassi uliassi's ulloa unbridled unbundled
unconscious undersea underseas unforeseen unionfed uniquely uniqueness unleveraged unreasoning unruffled
unsettled unshackled untermeyer untitled untroubled urbanism uribe url urls usa usa's usaid usair usair's usb
usefulness userfriendly uss ustrust vacaville valade valente validator valium valliant vallone valores
valtierra valuable valuables valueless valverde vandervliet vandewalle vanevery vania vanliew vanmatre
vanmetre vanscyoc vantage's vantine vanwieren varietal varrone vassilios vastine vaudevillian vecchio
vegetable vegetables vehement velarde venice's venturesome verdone verduin verges's vergesh's vergresh's
verine vermilyea veroa versace versace's versionadobe versluis vertically vessels's vicente vicomte vidales
vidartes vieira viejo vieyra vilhauer village's vilnius vincennes vincente vip vip's vips virkler virus's
visualize visualized visually vitale voiceover volante volio voltage's vosler vossler vremya w w's wabash's
waggling wahine wahines wainio waldholtz's wallace's waltermire wannabe wannabes warbling warehouses
warehousing warshauer wasmer wastebasket wastebaskets wastefulness wastepaper wastewater waterbed watershed
waterville watling watsonville waynesboro websitetitle wegrzyn weidler wellorganized wengler wermiel wesler
weslia wessling westmoreland weyerhaeuser weyerhaeuser's whampoa wherewithal whimsically whitacre whitecotton
whitescarver whitewater whitewater's whitmyer whoever whoever's wholehearted wholesaler wholesaler's
wholesalers wholesalers' wholesaling wholesomeness widebody wierenga wiersema wierzbicki wiggling wiggly
wikipediaimage wikipediawikiproject wiliams wilkesboro willabelle williams's willis's winans's windowslinux
winegarden winemiller wingler winifred wisecarver wisecracking wisler wismer witness's wobbling wobbly
woitschatzke wojciak worcestershire workrelated wotring wozniak wrangler wranglers wrangling wranglings
wrestler wrinkling wrongdoer wrongdoers wrongdoings wynia wyoming wyoming's xaviera xenia xerox's xiamen xml
xylia yamane yarbrough yarmulke yarmulkes ybanez ybarbo ybarra yearearlier yessuey yingling yniguez yoichi
yoshio ysleta yttrium yulian zaccone zairean zairean's zaireans zappone zarcone zeebrugge zeidler zeigler
zeisler zeitler zelia zenia ziesmer zigler zimbabwe zimbabwe's zingale zingler zinia zinnia zinnias zorine
zygodactyl
4:
abalone abalones abbruzzese abiomed abruzzese abuladze accompaniment accompaniments ackermanville
acknowledgement acknowledgements acoustically acquaintanceship acquiescence acquiescent acquiescing acquirer
acquirer's acquirers acuity adagio adalia addidas's adhd adidas's adonia adorabelle adsl advantageous
adventuresome aerobically aerospace's aesthenopia aesthetically aforementioned afterhours agnosio agnostically
agoglia agreeable agregious agribusiness agrosiand aigenerated alatorre albanese albania albania's albanian
albanians albinia albuquerque alchemically alejandre aleksandr alenia alessio alexandre alexia alfonsine
algebraic algodones aliano alianza allegis's allender alliance's alliances allianz's aloisia aloisio aloysia
aloysius altomare altruism altruistic alvarez's alyeska alysia amadeus amarante ambiguous ambrogio ambrosine
ambrosio ambrosius ameline amelio ameliorate amerine amilia amityville ammonium amnesiac amniotic anacortes
anania andersonville andonian andreana andreani andreano andreini aneurysm angeles's angelically angelone
angiogram anglemyer annuities annuity annunciata anopheles ansonia antiaircraft antigone antigone's antigones
antiochus antipodes antonia antonio antonio's antonios antoniou antoniu antoniu's antonius anyone'll
anytime'll aphrodite aphrodite's aphrodites apostrophe apostrophes appliances apprenticeship apprenticeships
aramaic arboreal archimedes ardelia arduini argentieri arguable arguably ariadne arianespace arias's ariela
ariella armbrister armenia armenia's armenian armenians arrayleftpointer arrayrightpointer arsenio arslanian
artistically asap ascencio aseltine asencio asiatic aslanian asmodeus asphyxiate asphyxiates assembling
assiduously associative atalia ataxia ataxia's atencio athalia atheistic athenaeum athenian athenians
athletically athleticism atlantis's audience's aurelio authentically autoeurope auxiliary aveline avolio
ayrshire azalia azcuenaga azelia bachailian backfiring bahrainian baldassare baldassarre balentine balestrieri
ballentine banasiak bangladesh's barentine basilia basilio battaglia batuigas bauermeister beatified beatify
beatrice's behavioral behaviorist behaviorists belafonte belefiville belfiore belittling belluomini
bellyaching benavente benavides benevides benveniste berlascone berlascone's berthiaume beryllium bespectacled
biamonte biaxial bicycling biennial bioethics bisceglia bisiani blasingame blassingame bochicchio bolognese
bonaduce bonfiglio bonsignore borderradius borealis bostonian bostonians bracamonte bracamonte's bracamontes
brachiopod brachiopods braggiotti brancaccio brendlinger brentlinger briguglio britannia brittania brizendine
brokerage's budgettosalary buonicontis burciaga buscaglia businesspeople businessperson businesswoman
businesswomen bustamante buttafuoco buttafuoco's byzantium caccavale caggiano calabrese calderone caliendo
calliope calliopes campanale campione canadianborn cangiano caniglia capernaum caplinger caporale cappiello
cappuccio cara'veras caradine cardassian cardassians cardenas's cardinale caribbean cariello carnevale
carpentieri carribean carriers's carrizales carusone casagrande casiano cassavetes castiglia cataclysm
cataloguing catanese catastrophe catastrophes cavalieri cavalierly cctv cdebaca celestine celosia cenozoic
centennial centennial's centimetre centimetres centralia cerelia cerniglia chevrier chianese chiapparone
chiappetta chiappone chiarella chiarelli chiarello chiarenza chiavetta chicagoans chiusano chmielewski
chrismer christiana christianna christiano chrzanowski ciaccia cicalese cimaglia cineplex's circuitous
ciriello cirincione cirrincione cleopatra cleopatra's cmudict cnbc's coagulate coalescence coalesces
coalescing coalition coalition's coalitions coauthoring coaxial coefficient coefficients coexisted coexistence
coexisting cogliano coincided coincidence coincident coinciding coinsurance colantuono colicchio coliseum
collegial colloquialisms collosio collosio's colonia colonial colonial's colonials colosio colosio's colosseum
coluccio columbus's comandante comandantes commemorative commercebancorp commerciale commerciale's commingling
communique communiques compania companies's company'll compaore complementary compusa compusa's comunale
concepcion conceptualize conference's confidence's congruity coniglio consiglio consortium consortium's
contemptuously contiguous continuum cooperate cooperates coordinate coordinates copytele cordelia cornacchia
cornelio corporatewide correia corsiglia cosmetically costeira courageously coviello cracchiolo crasnianski
cristiani cristiani's cristiano cronyism cryogenic cryogenics cryptocurrencies cryptocurrency cspi cucchiara
culverhouse's cumulonimbus cuneiform curiale cusiana cyanamid cyanamid's cyanazine cyanuric cyberspace's
cyclopean cydonia cyrenius cytoplasm d'agostino d'agostino's d'alessandra d'alessandro d'alessandro's
d'america d'amore d'amore's d'angelo d'angelo's d'aviation d'genetta dalesio dalessio daloisio damascus's
dambrosia dambrosio damelio dandelion dandelions dandyism daniello dantonio darwinian dattilio dauenhauer
deactivate deangelis debiase deblasio decennial decesare deemphasize defiore defoliant defoliants degeneres
degutare degutare's dejulio delatorre delguercio delineate delineates delisio deliverables dell'aquila
dellolio delorean delosreyes delpriore delsignore delvecchio demaggio demagoguing demaio dementia demilio
denatale denlinger depascale depasquale depriest derflinger derosia dershowitz's desimone desiring devonian
devouring dhlakama diabetes diablos diamante diastole dibiase diblasio dicesare dichiara dicioccio dickensian
diclemente didinium dielectric difiore digilio digiorgio digiulio digiuseppe diltiazem dimaggio dimaio
dimeglio dimichele dinatale dinmukhamed dipaola dipaolo dipasquale directv disabling disassembled disgruntling
disimone disinterested dismantling distasio distillers's ditullio dobrzynski doerflinger dogmatically
domestically dominiak dondlinger dorelia dqalpha draconian dramatically druidism dukakis's dupriest durflinger
dynamically dynamics's dyslexia ecstatically ecuadoran edinburgh edrington egoism einsteinbrillouinkeller
eisenhauer elaborately elefante elementary elinore elizalde elysia elysium emailmimemultipart emanuelson
embezzler embezzlers embezzling embryonic emdr emeryville emilia emilio eminase emmaline emmanuelle
emotionally emphatically enabler enabling encinias encircling energysaving englishamerican ensminger
enterprise's enthusiast enthusiasts entirely entirety entitling entringer entsminger eolande epithelial
epitome equilateral eritrean erminia erratically escalante eslinger especiais espn esthetically estonia
estonian estonians etc ethereal eudosia eudoxia eugenia eugenia's eugenio eugenio's european europeans
europeans' eustachian evacuee evacuees everevolving everybody everybody'd everybody's evidencebased evildoer
evildoers excelsior eyewitnesses facciola faciane facsimile facsimiles factorization falconbridge's
familiarize familiarized familyfriendly fantastically faraone fariello feb felgenhauer felidae fellatio
felonious fenoglio fettuccine fiduciares figaroa figaroa's figueroa fillingame finocchio fireresistant
fitzhenry flaminian floatinputenter fluidity fluorescently fluoridation fluorocarbon fluorocarbons fluorometer
fluoroscopy fnma focaccia forensically foreshadowing formulaic forseeable fortuitous fresenius fulgencio
fullilove g'vanni's gabriela gabriella gabrielli gagliano gaglione galentine galiano galicia galilean
gallentine galliano galluccio ganglionic gastonia gaxiola geagea gelasia generales generically genetically
genuinely genuineness georgiades georgopoulos geranium geraniums germania gervasio getulio giacalone giaconda
giaconda's giacone giamatti giammalva giancana giancarlo giannino gilbertine ginocchio giovanni giovanni's
giuliani giuliani's giuliano gonzalez's gorgonian graciano gratuities gratuitous gratuity grbavica grismer
grzesiak grzybowski grzywinski guacamole guariglia guarnaccia guglielmi guglielmo guiliani guiliano gumucio
gurganious gvaryahu gymnasia gymnasium gymnasiums hacienda hanseatic harclerode harmonia harmonious harmonium
harpootlian hasenauer hces hegelian helminiak herculean heritage's hermenio herminia hermione hernandez's
heroism hexadecimal hfdf hiaa hialeah hibernia hibernia's hideaki hierarchical hieroglyphic hieroglyphics
hinduism hiroaki hochstedler hochstetler homeownership horacia horacio horatio's hosseini hostetler hostettler
hostutler hourglasses houstonian hovnanian hrefcontact hrefservicesali hsbc html http httpswwwgooglecom
huckelby'll huddersfield huffstetler huffstutler hufstedler hufstetler huntergatherers hyacintha hyacinthie
hyannisport hymeneal hyperbole hypoxia hysterically iacocca iacocca's iacona iacono iafrate iakovos iannelli
iannello iannone iannotti iannucci iannuzzi ianthina idealized ideation idonia ieee ierardi iglesia iglesias
ignacio ignacio's ignasiak ilalis's ileana iliano iliescu imburgia impoverishes impoverishing impoverishment
incentivizing inconspicuous indierelated indosuez ingoglia initialization initiative initiatives initio
inquiries inquiring insignia insomnia insomniac insouciance insurance's intellinova intermarriage intermingled
interrante intuition intuitive invaluable iolande iolanthe iomega ionarde ionics's ionizer ionizers ionizing
ionosphere iorio iovine iovino iranian iranians iranians' ironically isadore isbn islamically isosceles italia
izaguirre izvestia jacksonian jacksonians jacobean jahanian jeroboam jingoism jingoistic johnexamplecom
jordanian jordanians judaism judaism's juliana juliano juniata kachigian kamakau kamakau's kamikaze kaniewski
kanouse kaohsiung karaoke karbassioun karelian kataoka kenealy keplinger kerpedjiev keshishian kganakga
khachigian kightlinger kilauea kilometre kilometres kinzlmaier kiplinger knbc knin kociemba kociolek
koninklijke koreagate koreatown koscielniak kostrzewa kostrzewski kotsonis's kpmg kryptonian kubisiak kumagai
l'espalier laboratories laboratories' laboratory laboratory's laliberte lamacchia lambiase lamirande lapaglia
lapd lapd's lareina laryngeal latiolais latonia latulippe lavecchia laverdure lawrencium lehenbauer leopoldine
leopoldo lesbianism letitia leverone liberace lightindependent liliana lilliana lineages linearly
linguistically linoleum lionberger lionetti lionsgate loaiza logistically loschiavo lovecchio luciano luevano
lyonnais's maccabean macfadyen macintosh's maciolek mackiewicz mademoiselle madonia maekawa magliano maglione
magnesium mahalia mainichi malleable mammalian mandracchia mangiapane maniacal maniaci maniatis manocchio
manoogian mantione manzanares manzione maraline marcelia marcelline marchione marciano marcilio marciniak
margarethe margeotes marijuana marketplace's marsiglia martinez's maryalice masaaki masciarelli masiello
massacring massingale mastropietro matarese materiel materiels matsuura mattioli matusiak mauricio mauriello
mauritius mausoleum mcadory mcafferty mcaleese's mcalister mcallester mcallister mcanally mcanany mcanelly
mcannally mcanulty mcavinchey mcavity mccafferty mccalister mccallister mccarthyite mcclafferty mcclanahan
mcclaugherty mcclenaghan mcclenahan mcclenathan mccollister mcconaghy mcconaha mcconahay mcconahy mcconathy
mcconaughey mcconaughy mcconico mcconnaughey mccorkindale mccorquodale mcelderry mceldowney mcelhaney
mcelhannon mcelhany mcelheney mcelheny mcelhiney mcelhinney mcelhinny mcelligott mcelmurray mcelmurry mcelravy
mcenaney mcenany mcenerney mcenery mcevilly mcfadyen mcgalliard mcgarity mcgarrigle mcgarrity mcgettigan
mcgillivray mcgilvery mcginnity mcglamery mcgonagle mcgonigal mcgonigle mcgranahan mcgregory mcilhenny
mcinerney mcinerny mckrinkowski mclafferty mclanahan mcmanama mcmanaman mcmanamon mcmanaway mcmanigal
mcmenamin mcmenamy mcmenemy mcmennamin mcmonagle mcmonigle mcmurtrie mcnamara mcnamara's meandering
mechanically medaglia mediocre megacarrier megacarriers mehitabelle melchiorre melkonian menapace menasion
menasion's mendolia menzione mercadante meserole mesozoic messagesubject messianic mevarach's mevarachs
microcosm micrografx mierzejewski migliore millennia millennial millennials millennium millenniums millilitre
millilitres millimetre millimetres mimemultipart minamide minestrone miniature miniatures minimization minutia
minutiae miraglia miramax's miramontes misbehavior miscarriages misiaszek missildine moawiya mobilia modestine
moldenhauer mollenhauer mongolia mongolian monteforte monteverde montrealer montrealer's montrealers
morphonios mortification mosaical moviegoer moviegoers mozartean multiuser muraoka muratore musacchio
mustachio mustachioed mycenaean myopia myotrophin nacional naivete nakasone nakasone's napierala nardiello
nasional nathalia nathania nationale nationales nauseated nauseating nautilus's neanderthal neanderthals
nederlandsche nederlandse neidlinger nelliana neoplasm neopolis neptunium neugebauer neuroevolution
neurosurgeon neurosurgeons nevarach's newtonian nicholas's nicolai nicoline nicosia niobium nishioka nobelium
noncompliance nonlinear nonnuclear nonperishable noriega noriega's noriegas notestine nucleation numerically
nvidia nypd o'bradovich o'brenovich o'callaghan o'callahan o'doherty o'donoghue o'donohue o'donovan
o'dougherty o'flaherty o'hallaron o'halloran o'halloron o'hanesian o'hanian o'mahoney o'mahony o'melveny
o'shaughnessy o'sullivan obelia oblinger obscenely ocasio oceana oceania oceanic odelia odilia odiorne
odysseus oecd ofelia officeholder officeholders officio ofilia ognibene ohanian ohioan ohioans oleander
oleandrin oleaster oleksiak olivares olivieri olokuei olokuei's omelia omonia onassis's oncogenes oplinger
oralia oratorios orelia organically orienteering originalstring orwellian othilia ouagadougou ourada
outrageously outrageousness overleverage overleveraged overmyer overpowering overreact overreacts overseer
overseers oviedo palacio palacios paleolithic palomares palonius paniagua pantheistic paolella paoletti
paolillo paolini paolino paolucci paonessa papalia papania paratore parazoa paribas's parisians parochial
parthenia parziale passiveaggressive patricio peculiarly pedophiliac pedophiliacs peinado pelagia pelagian
pelagians pellecchia penelope pennacchio peragine peraino perennial perennials permanente permeable permeated
permeating permenante perricone perriello persuadable persuasively persuasiveness perugia perzigian pescatore
petraglia petralia petroleum petroleum's petrolia petronia petronio petunia petunias pfiesteria pharaonic
pharmacia philately philistia phlcorp phonetically physicianassisted piacente piasio picciano pieraccini
pietrangelo pingitore pinnochio pinnochio's pinocchio pistachio pistachios pitiable plagioclase pleomorphism
pleuritides plutonian plutonium poetical poinsettia poinsettias policewoman policewomen pollinia pollyanna
pollyannish polonium polonius polyamide polyandrous polyandry polyester polyesters polymorphism pompilio
pomponio popolare portfolio portfolio's postapocalyptic postmodernism potassium poudrier powerpc powerpcs
powerpcs' prearranges prearranging preelection preeminence preeminent preemptively preexisted preexisting
prefecturelevel preignition prepositional priceofapples printanddigital proactively prolifically prometheus
proteinaceous protozoa protozoan protozoans provencio provenience providence's przybyla przybylski przywara
psychiatric psychiatrist psychiatrist's psychiatrists psychiatry ptolemaic ptsd pugliese pumilia quadrennial
quadrilateral quadrupling raffaele raffaelli ragonese raphaela raphalian reactivate readjusted readjusting
readjustment readjustments readmission readmitted reaffirming realigning realignment realignments realises
realistic realities reality realizes realizing reallocate reallowance reanalyze reanalyzed reappearance
reappointed reappointment reappraisal rearmament rearranging rearrested reassemble reassembled reassembly
reasserted reasserting reassertion reassessing reassessment reassigning reassignment reassignments reassurance
reassuring reauthorize reauthorized reawaken reawakened reconnoitre recycling redenius rediscovery redlinger
redoglia redoubling reeducate reelected reelecting reelection reemergence reemphasize reemployment reenacted
reenactment reenactments reengineer reentering reestablish reestablished reexamine reexamined refugio
reignited reigniting reimburses reimbursing reimposing reincarnate reinforces reinforcing reinspection
reinspections reinstated reinstatement reinstating reinstitute reinsurance reinsurer reinsurers reintegrate
reinterpret reintroduce reintroduced reinvented reinventing reinvention reinvested reinvesting reinvestment
reinvited reisenauer reissuing reitano reitera reiterate reiterates reliance's remigio remlinger renaissance's
reopening requiredbrbr requiring resembling reshuffling resiliency resourcefulness restaino retirement
retroactive reunified reunify reunited reuniting reusable revenuer revenuers reversearrayarray reviglio
rewiring rhetorically riedlinger ripplinger ristorante ristorantes rittenhouse's riviello robinia roccaforte
rodriguez's rogelio romania romania's romanian romanians rondonia rosalia rsvp rumania rumanian ryanodine
sabatine saccoccio sahagian saitama sakigake sakurai salinas's salomone salvadore salvaggio salvatierra
salvatore sangiovese santarsiero santiago santiesteban santopietro santosuosso sarcastically sardinia
sassafras's satisfactory savarese savetheplanet scaglione scalamandre scaleatron schiavone schiavoni scibilia
scintilore scipione sebastiane seigniorage sekisui selenium selfdiscovery selfstudents selinas's selvaggio
senatore serafine seraphine serenely serratore servicemaster shahinian shenandoah shevardnadze shevardnadze's
shionogi shiraishi shoichiro sibilia sicilian sidonia silhouetted simione simonian sinfonia singersongwriter
siracuse slavonia slovenia slovenian slovonia smithsonian smithsonian's sobieski societe sociopath sociopaths
solimine soltysiak somalia somalia's sophronia sparacio spasmodically specifically speziale sporadically
stagliano stanzione stefaniak stepanian stepanian's stephania stoicism stottlemyer strategically stribling
strzelecki stylistically subconsciously submarines's suicidal summarization superfamily supergiant supergiants
supremely sylvania symmetrically symposium symposiums synthetically sypniewski systemhouse's systemically
szczepaniak taflinger tagliaferri takeuchi talamantes tanzania tanzania's tanzanian taormina tarquinio
tartaglia tasmania tasmanian tatiana tbilisi tcas tebuthiuron teleconference telenovela telesis's
temperamental tenaglia tennessean tennesseans terrebonne terrifically tesoriero tessitore textdecoration
theatergoer theatergoers theatrical thelonius thematically theophila thirtysomething thomasine tiananmen
timeconsuming timesensitive titanium titleregister tokenization tomaino tomasine tomiichi topalian toriente
tornabene tornatore torsiello tracheophyte tracheophytes traditionalists traficante trafillio trafillio's
transpiring triennial trnopolje troiano trzeciak tucciarone turrentine twentysomething twentysomethings
twodimensional tyrrhenian uehara uemura uenohara ukrainian ukrainian's ukrainians ukulele uliano unconsciously
unconsciousness undercarriage underprivileged unethically unfamiliar uninterested uninteresting unisys's
unprincipled unrealized unreasonable unreimbursed unsettling updegrove uplinger uranium urbaniak uriarte
urioste usability usairways usbancorp usda usmc usoniam ussr vaccinia valencia valencia's valencienne
valensuela valensuela's valenzuela valkyrie valladares vallegrande vanacore vanbiesbrouck vanderkooi
vanderleest vandersluis vanhouten varnadore varricchio vartanian vecchione vecellio velagrande velagrande's
venereal venezuela venezuela's venezuelan venezuelans vernonia verticalaligntop vestigial veterinary vicencio
victorine videophone vidonia viggiano vigilante vigilantes vigilia viglione villafane villafuerte villareal
villaverde vinicio violante viramontes viramune viramunes virgilio visualizing vitiello vizcaino vocalizations
volcanically volentine vrdolyak vultaggio watanabe waterhouse's watlington wawrzyniak webinars wereldhave
westinghouse's westphalia whatsoever wholeheartedly whomsoever whosoever wienerschnitzel wienerschnitzel's
wiiija winiarski wireless's wisniewski wittenauer wittenmyer wlodarczyk wlodarski wrzesinski ws yamaichi
yamaichi's yamatake yamauchi yamauchi's yglesias ylvisaker yosemite yoshiaki yoshioka ypsilanti yzaguirre
zairian zairian's zairians zakrzewski zaniewski zimbabwean zirconium zirconiums zoologist zoologists zoology
zuidema
5:
abbatiello aborigine aborigines absenteeism academically acrimonious aerospatiale aerospatiale's afanasyev
aguinaga ahasuerus albendazole aleatory algorithmic alislamiyya alitalia alitalia's allegiances alphabetically
aluminio amazonia amazonian amazonians ambiguities ambiguity ambrosiano ameliorated amelioration americium
amphitheater amphitheaters amphitheatre amyotrophic anacostia anacostia's analytically anastasio anatolia
anatolian anatomically anestachio anfal angiomedic angiomedics angioplasty angiotensin annapolis's anorexia
antiabortion antioxidant antioxidants antitakeover aparicio aphrodisiac apollinian apollonian appalachia
argentinian argentinians aristophanes artiodactyl artiodactyls asphyxiated asphyxiating astronomically
athanassiou attanasio augustinian augustinians augustyniak automatically automoviles axiomatic babylonian
babylonians baccalaureate bartolomei basophilia batticaloa battipaglia beethovenian behaviorally bengoechea
biagioni bicentennial bioengineer bioengineered biologically bmw bonifacio borenmccurdy braggadocio
brobdingnagian brobdingnagians byelorussia caledonia caledonian caledonian's caltagirone canadianamerican
carolingian carolinian carolinians carthaginian cartusciello cassiopeia castelluccio castiglione categorically
cavataio ceremonial chiaoscurist chiaoscuro chiaramonte chocolatology christianity christianity's
chronologically cirigliano cnnfn coagulating coagulation coarticulate coarticulates coglianese coincidences
coincidental colantonio colonialist colonialists conceptualizes condominium condominiums consolelogresult
constantinides construcciones continuity cooperated cooperating cooperation cooperations cooperative
coordinated coordinating coordination coordinator coordinators corigliano corporacion d'alessandrini
d'electricite deactivated deemphasizing degaetano deification delineated delineating delineation dellavecchia
democratically demographically denuclearized desantiago desmoplasia dfw diantonio diaphonia dibiasio
diguglielmo dimitrius's dionisio dionysian dionysius diplomatically disadvantageous disagreeable divirgilio
dromomania dwi dysteleology ecclesiastic ecologically economically ecuadorian edizione egomaniac electricite
eleonore emanuele embryology encarnacion endotronics's energetically englishspeaking enthusiasm enthusiasms
enthusiastic epicurean ergonomically eridania erythropoietin esophageal etiologies etiology euphemistically
euromobiliare euromobiliare's extraordinaire familiarity feliciano feliciano's ferrofluidic ferrofluidics
fiduciaries fiduciary finocchiaro gametangia garagiola garavaglia gasiorowski genealogy geniality
geometrically geophysical geopolitic geopolitics giannattasio giovanniello golembiewski goniometer
gratuitously gravitationally grzeskowiak guadarrama guglielmetti gunatilake hagiography harmoniously
helionetic helionetics hemiplegia hemocyanin hemophilia heoroico heterogeneous homeopathic homeopathy
httpswwwexamplecom hyacinthia hyakutake hyaluronic hydroelectric hyperborean hypnagogic hypothetically
iacobelli iacobellis iacobucci iacovelli iannaccone iannacone iannamico ianniello iavarone iconoclasm
idealistic idiotically ignominious imperiale inalienable incongruity incrementalism independence's indianian
indianians indonesians industriale ingenuity inocencio interacciones intermingling interpretability
intracranial intraocular intrauterine intuitively ionization ionospheric iphegenia iphiginia isocyanate
isomedix's italiana italiano iuliano jeffersonian jeffersonians judiciary justiniano kleptomaniac kolodziejski
korzeniewski kwh liberatore lithuania lithuania's lithuanian lithuanians logophilia louisiana louisiana's
lusitania lusitania's lusitanias macedonia macedonia's macedonians machiavelli machiavelli's machivellian
manganiello marcantonio marielito marielitos marinaccio matrilineal matrimonial mauritania maximilian
mazowiecki mcalexander mccarthyism mcgillicuddy mericantante metaphorically microdialysis microscopically
migliaccio milosevic's minichiello minneapolis modigliani modiliani momigliano mononuclear monotheism
montefiore monteleone monticciolo motorcyclist motorcyclists multiemployer myocardial myocardium naacp
nazionale neapolitan neoplatonic neoplatonist neurasthenia nonalphanumeric nymphomaniac nymphomaniac's
nymphomaniacs oesterreichische okoniewski oleaginous onesizefitsall oregonian oregonians orleanian orleanians
orthodontia ortomisio oscarnominated osteopathic osterreichische otherwiseproduced overreacted overreacting
overreaction overreliance pakistanian paleozoic palestinian palestinian's palestinians palestinians'
panamanian panamanians pandemonium paradoxically paramecium paraplegia parsimonious partiality pasquariello
patagonia patagonian pathologically patrilineal pecuniary pennsylvanian pennsylvanians pepenadores perennially
peritoneal perpetuity petricioli pharisaism philharmonia philibosian photoelectric photovoltaic photovoltaics
physiologic physiologist physiology picariello pietermaritzburg pituitary polyethylene polyolefin polytheism
polytheistic polyurethane pomerania pomeranian poniatowski popieluszko portugalia postretirement
preadolescence preadolescent preoperative promiscuity prudentialbache psychoanalyst psychologically
pythagorean radioactive reactionaries reactionary reactivated reactivating reactivity reaffirmation realisable
realizable reallocated reallocating reallocation reanalyzes reanalyzing reapportionment reassurances
reassuringly reauthorizing reawakening reeducation reengineering reestablishing reevaluate reexamining
reimposition reincarnated reincarnation reincorporate reinstituted reinstituting reintegrated reintegration
reinterpreted reinterpreting reintroduces reintroducing reintroduction reinvigorate reiterated reiterating
reiteration religione replicability retaliatory retroactively revolucion revolutionizes ribonucleic ricigliano
romaniello rosamilia rovaniemi ruritania rutigliano sanctimonious santaniello satisfactorily saudiization
schizophrenia sebastiana sebastiani sebastianis siciliano singaporean singaporeans sociologist sociologists
sociology speciality spiritualism spontaneity sqrtdiscriminant stylebackgroundcolor styleverticalaligntop
subramanian subterranean systematically tallahassean tallahasseans tartaglione teleconferencing
temperamentally tensiometer terracciano testimonial testimonials theatrically theologian theologically
theophania thermonuclear timisoara tortoriello transitionduration transoceanic transylvania twoingredient
unambiguous unconscionable undeniable undeniably underkoffler unreality vecchiarelli ventimiglia veterinarian
veterinarians videoconference videophile visualization visualizations vitagliano washingtonian washingtonians
zentralsparkasse
6:
aerodynamically afroamerican afroamericans agroindustrial amniocentesis angiogenesis apologetically
applicationjson aristotelian asiamerica austroasiatic avenueliberation aviazione beneficiaries beneficiary
beneficiary's bioengineering catacosinos's categoryromani cerealcompany characteristically chlorofluorocarbon
chlorofluorocarbons coarticulated coarticulating coarticulation coeducational cognitivebehavioral
coincidentally collegiality colonialism computeranimated conceptualization congeniality deniability
discontinuity ecclesiastical elephantiasis energyefficient episcopalian episcopalians evidentiary
extraordinary foremailemaillabel fornamenamelabel fyi gastrointestinal genealogical geopolitical habyarimana
homogeneity hydroencephalus ideologically impartiality incoordination institucional intelligentsia
internationale isoelectronic izetbegovic's kinesiology louisianian louisianians machiavellian macroeconomic
macroeconomics malleability mediterranean megalomania megalomaniac meridionale mesothelioma
messageattachmimetextbody microamerica microeconomic microeconomics microelectronic microelectronics
microorganism microorganisms minneapolis's neopositivist obsessivecompulsive osteoarthritis osteoporosis
parochialism permeability physiological piezoelectric polyacetylene probabilistically psychoanalysis
psychoanalytic reaffiliation reauthorization reevaluated reevaluating reevaluation reexamination
reincorporating reincorporation reindustrialize reinterpretation reinvigorated reinvigorating reinvigoration
religiosity retroactivity reunification revaluations ricostruzione sociological stephanopoulos's superfluidity
systemoutprintlni theatricality threedimensional unambiguously unceremonious uncooperative uncoordinated
undiplomatically unenthusiastic unfamiliarities unfamiliarity usameribancs videoconferencing villavicencio
vnesheconombank
7:
anaesthesiologist anaesthesiologists anaesthesiology anesthesiologist anesthesiologists anesthesiology
antiinflammatory cardiomyopathy confidentiality deinstitutionalize denuclearization environmentallyfriendly
heterogeneity indianapolis's interoperability microelettronica miniaturization multiinstrumentalist
neopositivism radioactivity socioeconomic unceremoniously uncharacteristically
8:
deoxyribonucleic epidemiologically revolucionario
9:
deinstitutionalization
`;

function parse(table: string): Map<string, number> {
  const map = new Map<string, number>();
  let syllables = 0;
  for (const token of table.split(/\s+/)) {
    if (token === '') continue;
    if (token.endsWith(':')) syllables = Number(token.slice(0, -1));
    else map.set(token, syllables);
  }
  return map;
}

export const SYLLABLE_EXCEPTIONS: ReadonlyMap<string, number> = parse(TABLE);
