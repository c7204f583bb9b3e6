import { navigate } from '../lib/router';

export function Welcome() {
  return (
    <div className="page narrow welcome">
      <h1>Welcome to MyBucks</h1>
      <p className="lead">All your bank accounts in one dashboard.</p>
      <ul className="welcome-points">
        <li>You sign in at your bank, in your own browser. Your password never reaches MyBucks.</li>
        <li>MyBucks asks to read only your balances and transaction history, and nothing else.</li>
        <li>Your data stays on this computer.</li>
      </ul>
      <button type="button" className="btn primary large" onClick={() => navigate('link')}>
        Link your first bank
      </button>
    </div>
  );
}
