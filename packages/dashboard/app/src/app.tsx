import { useEffect } from 'preact/hooks';
import { LocationProvider, Route, Router } from 'preact-iso';
import { Layout } from './components/layout.js';
import { startLive, stopLive } from './live/live-events.js';
import { ChargePointPage } from './pages/charge-point/charge-point-page.js';
import { ChargePointsPage } from './pages/charge-points.js';
import { ErrorsPage } from './pages/errors.js';
import { IdTagsPage } from './pages/id-tags.js';
import { JobsPage } from './pages/jobs.js';
import { NotFoundPage } from './pages/not-found.js';
import { OverviewPage } from './pages/overview.js';
import { ReservationsPage } from './pages/reservations.js';
import { SecurityEventsPage } from './pages/security-events.js';
import { SignInPage } from './pages/sign-in.js';
import { TransactionPage } from './pages/transaction.js';
import { TransactionsPage } from './pages/transactions.js';
import { readOnly, signOut, token } from './session/session.js';

function SignedIn({ value }: { value: string }) {
  useEffect(() => {
    startLive(value, (status) => {
      if (status === 401) signOut('The server refused the token (401). Sign in again.');
      else readOnly.value = true;
    });
    return stopLive;
  }, [value]);
  return (
    <Layout>
      <Router>
        <Route path="/" component={OverviewPage} />
        <Route path="/charge-points" component={ChargePointsPage} />
        <Route path="/charge-points/:id" component={ChargePointPage} />
        <Route path="/transactions" component={TransactionsPage} />
        <Route path="/transactions/:id" component={TransactionPage} />
        <Route path="/id-tags" component={IdTagsPage} />
        <Route path="/reservations" component={ReservationsPage} />
        <Route path="/jobs" component={JobsPage} />
        <Route path="/errors" component={ErrorsPage} />
        <Route path="/security-events" component={SecurityEventsPage} />
        <Route default component={NotFoundPage} />
      </Router>
    </Layout>
  );
}

/** The dashboard: the sign-in page until a token is accepted, then the pages. */
export function App() {
  const current = token.value;
  return (
    <LocationProvider>
      {current === null ? <SignInPage /> : <SignedIn key={current} value={current} />}
    </LocationProvider>
  );
}
