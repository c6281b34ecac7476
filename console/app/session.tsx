/** The signed-in operator, for every screen. */
import { createContext, useContext } from 'react';
import type { Operator } from './types.ts';

export const OperatorContext = createContext<Operator | null>(null);

export function useOperator(): Operator {
  const operator = useContext(OperatorContext);
  if (!operator) throw new Error('useOperator() outside a signed-in console');
  return operator;
}
