/**
 * Built-in antonym pairs. A claim word whose opposite sits in the aligned context sentence (and which
 * itself does not) is a contradiction: "increased" vs "decreased", "won" vs "lost", "before" vs "after".
 */
import { lightStem } from './stem.ts';

const PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['increase increased increases increasing rise rose risen rising grow grew grown growing', 'decrease decreased decreases decreasing fall fell fallen falling decline declined declining drop dropped shrink shrank'],
  ['before earlier prior', 'after later subsequently'],
  ['win won wins winning victory victorious', 'lose lost loses losing defeat defeated loss'],
  ['more greater', 'less fewer lesser'],
  ['most', 'least fewest'],
  ['higher highest high', 'lower lowest low'],
  ['larger largest large big bigger biggest', 'smaller smallest small little'],
  ['longer longest long', 'shorter shortest short'],
  ['older oldest old elder eldest', 'younger youngest young new newer newest'],
  ['first earliest', 'last latest final'],
  ['north northern', 'south southern'],
  ['east eastern', 'west western'],
  ['buy bought buys buying purchase purchased', 'sell sold sells selling'],
  ['open opened opens opening', 'close closed closes closing shut'],
  ['begin began begun begins beginning start started starts starting', 'end ended ends ending finish finished stop stopped'],
  ['maximum max', 'minimum min'],
  ['above', 'below beneath'],
  ['inside interior internal', 'outside exterior external'],
  ['early', 'late'],
  ['male men man masculine', 'female women woman feminine'],
  ['husband', 'wife'],
  ['father dad', 'mother mom mum'],
  ['son sons', 'daughter daughters'],
  ['brother brothers', 'sister sisters'],
  ['king', 'queen'],
  ['boy boys', 'girl girls'],
  ['enter entered entering', 'exit exited'],
  ['accept accepted accepts', 'reject rejected rejects refuse refused'],
  ['allow allowed allows permit permitted', 'forbid forbade forbidden ban banned prohibit prohibited'],
  ['include included includes including', 'exclude excluded excludes excluding'],
  ['import imported imports', 'export exported exports'],
  ['positive', 'negative'],
  ['true', 'false'],
  ['rich wealthy', 'poor'],
  ['strong stronger strongest', 'weak weaker weakest'],
  ['success successful succeed succeeded', 'failure failed fail unsuccessful'],
  ['gain gained gains', 'loss lose lost'],
  ['profit profitable', 'loss unprofitable'],
  ['attack attacked offense offensive', 'defend defended defense defensive'],
  ['arrive arrived arrival', 'depart departed departure'],
  ['hot warm warmer', 'cold cool colder'],
  ['wet', 'dry'],
  ['fast faster fastest quick quickly', 'slow slower slowest slowly'],
  ['wide wider widest broad', 'narrow narrower narrowest'],
  ['deep deeper deepest', 'shallow'],
  ['cheap cheaper cheapest inexpensive', 'expensive costly'],
  ['easy easier easiest', 'difficult hard harder hardest'],
  ['ancient', 'modern'],
  ['public', 'private'],
  ['legal lawful', 'illegal unlawful'],
  ['possible', 'impossible'],
  ['common commonly', 'rare rarely uncommon'],
  ['always', 'never'],
  ['often frequently', 'seldom rarely'],
  ['majority', 'minority'],
  ['love loved', 'hate hated'],
  ['agree agreed', 'disagree disagreed'],
  ['support supported supports', 'oppose opposed opposes'],
  ['happy', 'sad unhappy'],
  ['good', 'bad'],
  ['better', 'worse'],
  ['best', 'worst'],
  ['light lighter', 'dark darker heavy heavier'],
  ['full', 'empty'],
  ['alive living live', 'dead died die'],
  ['birth born', 'death died'],
  ['predecessor', 'successor'],
  ['senior', 'junior'],
  ['domestic', 'foreign international'],
  ['urban', 'rural'],
  ['superior', 'inferior'],
  ['maternal', 'paternal'],
  ['input', 'output'],
  ['create created creates build built construct constructed', 'destroy destroyed destroys demolish demolished'],
  ['hire hired', 'fire fired'],
  ['appear appeared', 'disappear disappeared'],
  ['major', 'minor'],
  ['ascend ascending', 'descend descending'],
  ['expand expanded expansion', 'contract contracted contraction'],
  ['remember remembered', 'forget forgot forgotten'],
  ['ally allies allied friend friends', 'enemy enemies'],
  ['upper', 'lower'],
  ['top', 'bottom'],
  ['include', 'omit'],
  ['add added', 'remove removed'],
  ['same identical', 'different differ differs differed vary varies varied'],
  ['entrance', 'exit'],
  ['beginning', 'end'],
  ['winner', 'loser'],
  ['teacher', 'student'],
  ['employer', 'employee'],
  ['parent', 'child'],
  ['day', 'night'],
  ['summer', 'winter'],
  ['sunrise', 'sunset'],
  ['ally', 'rival opponent'],
  ['innocent', 'guilty'],
  ['victory', 'defeat'],
  ['maximum', 'minimum'],
  ['native', 'foreign'],
  ['liquid', 'solid gas'],
  ['plus', 'minus'],
  ['increase', 'reduce reduced reduction'],
];

function buildIndex(): ReadonlyMap<string, ReadonlySet<string>> {
  const index = new Map<string, Set<string>>();
  const add = (from: string, to: string): void => {
    if (from === to) return;
    let set = index.get(from);
    if (!set) index.set(from, (set = new Set()));
    set.add(to);
  };
  for (const [a, b] of PAIRS) {
    const left = a.split(' ').map(lightStem);
    const right = b.split(' ').map(lightStem);
    for (const x of left) for (const y of right) {
      add(x, y);
      add(y, x);
    }
  }
  return index;
}

/** Stem → stems of its opposites. */
export const ANTONYMS: ReadonlyMap<string, ReadonlySet<string>> = buildIndex();
