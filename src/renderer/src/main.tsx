import { createRoot } from 'react-dom/client';
import { getApi } from './api/get-api';
import { ApiProvider } from './api/context';
import { App } from './App';
import './styles/app.css';

const api = getApi();
createRoot(document.getElementById('root')!).render(
  <ApiProvider api={api}>
    <App />
  </ApiProvider>,
);
