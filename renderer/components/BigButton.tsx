/**
 * The one button every screen uses. It acts on release only (a native click), so a
 * finger that touches and slides off before lifting does nothing; there is no
 * long-press or double-tap behaviour anywhere.
 */
import type { ButtonHTMLAttributes, ReactNode } from 'react';

type Variant = 'primary' | 'secondary' | 'help' | 'tile' | 'plain';

interface Props extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> {
  variant?: Variant;
  children: ReactNode;
}

export function BigButton({ variant = 'secondary', className, children, ...rest }: Props) {
  return (
    <button type="button" className={`btn btn-${variant}${className ? ` ${className}` : ''}`} {...rest}>
      {children}
    </button>
  );
}
