/** Operators sign in with their own account; wrong passwords are counted and the account locks for a while. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '#console/app/api.ts';
import { errorText } from '#console/app/errors.ts';
import { Notice } from '#console/app/fields.tsx';
import type { Session } from '#console/app/types.ts';

export function SignInScreen({
  onSignedIn,
  languageSwitch,
}: {
  onSignedIn(s: Session): void;
  languageSwitch: ReactNode;
}) {
  const { t } = useTranslation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      onSignedIn(await api.post<Session>('/session', { username, password }));
    } catch (error) {
      setPassword('');
      if (error instanceof ApiError && error.code === 'sign_in_failed')
        setMessage(t('signIn.wrong', { count: Number(error.detail('attemptsLeft') ?? 0) }));
      else if (error instanceof ApiError && (error.code === 'sign_in_locked' || error.code === 'sign_in_throttled'))
        setMessage(t('signIn.locked', { count: Number(error.detail('retryAfterMinutes') ?? 15) }));
      else setMessage(errorText(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="signin" data-testid="screen-sign-in">
      <div className="signin-card">
        <div className="signin-top">
          <h1>{t('app.title')}</h1>
          {languageSwitch}
        </div>
        <p>{t('signIn.intro')}</p>
        <form onSubmit={(e) => void submit(e)}>
          <label htmlFor="username">{t('signIn.username')}</label>
          <input
            id="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            data-testid="username"
          />
          <label htmlFor="password">{t('signIn.password')}</label>
          <input
            id="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            data-testid="password"
          />
          {message && <Notice kind="error" text={message} />}
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="sign-in">
            {t('signIn.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
