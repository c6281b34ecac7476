/** The five-level 好差评 scale (5 = 非常满意 … 1 = 非常不满意) and the reasons offered for a low rating. */
export const RATING_LEVELS = [5, 4, 3, 2, 1] as const;
export const LOW_RATING_REASONS = ['waited_long', 'unclear', 'attitude', 'not_solved', 'other'] as const;
