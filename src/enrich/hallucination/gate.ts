/**
 * Boosted regression trees stored as flat arrays (written by scripts/hallucination/trainer.ts). Node k tests
 * input[feature[k]] < threshold[k] and goes to left[k], else right[k]; a node with feature −1 is a leaf whose
 * value (learning rate already applied) is added to the sum. `roots` lists each tree's first node.
 */
export interface TreeEnsemble {
  /** Names of the inputs, in the order the trees index them. */
  readonly inputs: readonly string[];
  readonly roots: readonly number[];
  readonly feature: readonly number[];
  readonly threshold: readonly number[];
  readonly left: readonly number[];
  readonly right: readonly number[];
  readonly value: readonly number[];
}

export function ensembleSum(trees: TreeEnsemble, input: ArrayLike<number>): number {
  let sum = 0;
  const { feature, threshold, left, right, value } = trees;
  for (const root of trees.roots) {
    let k = root;
    while (feature[k]! >= 0) k = input[feature[k]!]! < threshold[k]! ? left[k]! : right[k]!;
    sum += value[k]!;
  }
  return sum;
}
