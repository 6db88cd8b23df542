/** Small closed word lists the checks rely on (lowercase). */

const words = (s: string): ReadonlySet<string> => new Set(s.trim().split(/\s+/));

/** Function words: carry no claim content, so they neither align nor count as unsupported. */
export const STOPWORDS = words(`
a an the and or but if then else of in on at to for from by with as into onto upon about between through
during within is am are was were be been being has have had having do does did doing will would shall
should can could may might must it its this that these those there here he him his himself she her hers
herself they them their theirs themselves we us our ours you your yours i me my mine myself who whom whose
which what when where why how so such than too also just s t d ll m re ve o one ones some any each both yes yeah yep yup no
either other another same own itself while because since until unless although though whether via per
`);

/** Words that negate what follows (n't is turned into "not" by the tokenizer). */
export const NEGATORS = words('not no never none nobody nothing neither nor without cannot nowhere');

/** Chit-chat and opinion words: weak evidence either way in dialogue. */
export const FILLERS = words(`
yes yeah yep yup oh ok okay well wow really sure actually lol haha hmm um uh hi hello hey thanks thank
please love like likes liked enjoy enjoyed think thought know knew believe guess agree great cool nice
interesting awesome favorite favourite fun definitely probably maybe perhaps pretty lot lots thing things
stuff kind sort glad hope wish want wanted tell told heard hear mean something anything everything
excellent amazing beautiful wonderful fantastic terrible boring exciting lovely delicious crazy truly
`);

/** Discourse openers skipped when deciding whether a clause is about the speaker. */
export const OPENERS = words('yes yeah yep yup no oh ok okay well wow really sure actually lol haha hmm um uh hi hello hey so and but');

/** First-person subjects: a clause led by these is about the speaker, not the world. */
export const FIRST_PERSON = words('i me my we our us');

/** Reporting verbs after "I": "I know that X" still asserts X. */
export const REPORTING = words('know knew think believe heard read learned learnt remember understand guess');

/** Tokens after which a period does not end a sentence. */
export const ABBREVIATIONS = words(`
mr mrs ms dr st jr sr vs etc inc ltd co mt ft gen col lt sgt prof rev gov sen rep dept est approx no fig
e g i.e eg ie al
`);

/** Pronoun subjects that, after a comma, start a new clause ("i love it, it is relaxing"). */
export const CLAUSE_SUBJECTS = words('it he she they i we you this that there these those');

/** Conjunctions that, after a comma, start a new clause. */
export const CLAUSE_CONJUNCTIONS = words('and but while whereas although though however so yet');
