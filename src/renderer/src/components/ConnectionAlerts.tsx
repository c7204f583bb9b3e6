import type { ConnectionDTO } from '../../../shared/dto';
import { daysUntil } from '../lib/dates';
import { EXPIRY_WARNING_DAYS, daysInWords } from '../lib/consent';

function problem(c: ConnectionDTO): string | null {
  if (c.status === 'needs_reauth') return `${c.providerName} needs you to sign in again before MyBucks can sync it.`;
  if (c.status === 'error') return `${c.providerName} could not be synced${c.statusReason ? `: ${c.statusReason}` : '.'}`;
  if (c.consentExpiresAt) {
    const days = daysUntil(c.consentExpiresAt);
    if (days < 0) return `Access to ${c.providerName} has expired.`;
    if (days <= EXPIRY_WARNING_DAYS) return `Access to ${c.providerName} expires in ${daysInWords(days)}.`;
  }
  return null;
}

/** Dashboard banner for connections that need the user: re-authorization, errors, consent about to end. */
export function ConnectionAlerts({ connections }: { connections: ConnectionDTO[] }) {
  const problems = connections.map(problem).filter((p): p is string => p !== null);
  if (problems.length === 0) return null;
  return (
    <div className="warning banner" role="status">
      <ul>
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
      <a href="#/connections">Review now</a>
    </div>
  );
}
