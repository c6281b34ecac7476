/** Catches a rendering error anywhere below and shows the calm error screen instead of a blank one. */
import { Component, type ReactNode } from 'react';
import { createLogger } from './logger.ts';
import { ErrorScreen } from './ErrorScreen.tsx';

const log = createLogger('app/error-boundary');

export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error) {
    log.error('render failed', error);
  }

  override render() {
    if (this.state.error) {
      return <ErrorScreen detail={this.state.error.message} onRetry={() => location.reload()} />;
    }
    return this.props.children;
  }
}
