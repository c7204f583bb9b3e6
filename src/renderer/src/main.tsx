import { createRoot } from 'react-dom/client';
import { getApi } from './api/get-api';
import { ApiProvider } from './api/context';
import { App } from './App';
import { LockGate } from './components/LockGate';
import './styles/app.css';

const api = getApi();
createRoot(document.getElementById('root')!).render(
  <ApiProvider api={api}>
    <LockGate>
      <App />
    </LockGate>
  </ApiProvider>,
);
