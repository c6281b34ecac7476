/** The priority lane's mark next to a ticket number ("优先"): a word in a framed box, never a colour alone. */
export function PriorityMark({ label, className }: { label: string; className?: string }) {
  return (
    <span className={`priority-mark${className ? ` ${className}` : ''}`} data-testid="priority-mark">
      {label}
    </span>
  );
}
