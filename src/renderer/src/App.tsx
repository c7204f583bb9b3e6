import { useRef, type MouseEvent } from 'react';
import { useQuery } from './api/context';
import { Skeleton, ErrorMessage } from './components/feedback';
import { SyncIndicator } from './components/SyncIndicator';
import { MenuCommands } from './components/MenuCommands';
import { useRoute, type Route } from './lib/router';
import { useIsDark, useTheme } from './lib/theme';
import { useBrowserNotifications } from './lib/browser-notifications';
import { Accounts } from './pages/Accounts';
import { AccountPage } from './pages/AccountPage';
import { Connections } from './pages/Connections';
import { Dashboard } from './pages/Dashboard';
import { LinkPage } from './pages/LinkPage';
import { Settings } from './pages/Settings';
import { Transactions } from './pages/Transactions';
import { Welcome } from './pages/Welcome';
// Import (issue 12)
import { ImportDropZone } from './pages/import/ImportDropZone';
import { ImportPage } from './pages/import/ImportPage';
// Budgets (issue 11)
import { Budget } from './pages/Budget';
// Categories and rules (issue 11)
import { Categories } from './pages/Categories';
import { Rules } from './pages/Rules';
// Recurring bills (issue 11)
import { Bills } from './pages/Bills';

const NAV: { route: Route; label: string }[] = [
  { route: 'dashboard', label: 'Dashboard' },
  { route: 'transactions', label: 'Transactions' },
  { route: 'budget', label: 'Budget' },
  { route: 'bills', label: 'Bills' },
  { route: 'accounts', label: 'Accounts' },
  { route: 'connections', label: 'Connections' },
  { route: 'categories', label: 'Categories' },
  { route: 'rules', label: 'Rules' },
  { route: 'settings', label: 'Settings' },
];

export function App() {
  const route = useRoute();
  const [theme, setTheme] = useTheme();
  const isDark = useIsDark(theme);
  const mainRef = useRef<HTMLElement>(null);
  const connections = useQuery((api) => api.listConnections(), 'connections', { reloadOn: ['connections-changed'] });
  const firstRun = connections.data !== undefined && connections.data.length === 0;
  useBrowserNotifications();

  function skipToMain(e: MouseEvent) {
    e.preventDefault();
    mainRef.current?.focus();
  }

  function page() {
    switch (route) {
      case 'link':
        return <LinkPage onLinked={connections.reload} />;
      case 'transactions':
        return <Transactions />;
      case 'accounts':
        return <Accounts />;
      case 'account':
        return <AccountPage />;
      case 'connections':
        return <Connections />;
      case 'settings':
        return <Settings theme={theme} onTheme={setTheme} />;
      // Categories and rules (issue 11)
      case 'categories':
        return <Categories />;
      case 'rules':
        return <Rules />;
      case 'dashboard':
        if (connections.error && !connections.data) {
          return <ErrorMessage title="MyBucks could not load your banks" message={connections.error} onRetry={connections.reload} />;
        }
        if (!connections.data) return <Skeleton height={480} label="Loading" />;
        return firstRun ? <Welcome /> : <Dashboard />;
      // Import (issue 12)
      case 'import':
        return <ImportPage />;
      // Budgets (issue 11)
      case 'budget':
        return <Budget />;
      // Recurring bills (issue 11)
      case 'bills':
        return <Bills />;
    }
  }

  return (
    <div className="app">
      <a className="skip-link" href="#main-content" onClick={skipToMain}>
        Skip to main content
      </a>
      <header className="topbar">
        <span className="brand" aria-label="MyBucks">
          <span className="brand-mark" aria-hidden="true">
            $
          </span>
          MyBucks
        </span>
        <nav aria-label="Main">
          <ul>
            {NAV.map((n) => (
              <li key={n.route}>
                <a href={`#/${n.route}`} aria-current={route === n.route ? 'page' : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <SyncIndicator />
        <button type="button" className="btn icon" onClick={() => setTheme(isDark ? 'light' : 'dark')} aria-label={isDark ? 'Switch to light theme' : 'Switch to dark theme'}>
          {isDark ? '☀' : '☾'}
        </button>
      </header>
      <main id="main-content" ref={mainRef} tabIndex={-1}>
        <MenuCommands />
        {page()}
      </main>
      {/* Import (issue 12) */}
      <ImportDropZone />
    </div>
  );
}
