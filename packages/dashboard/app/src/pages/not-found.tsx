import { PageTitle } from '../components/layout.js';

export function NotFoundPage() {
  return (
    <section>
      <PageTitle title="Not found">Not found</PageTitle>
      <p>
        There is no page here. <a href="/">Go to the overview</a>.
      </p>
    </section>
  );
}
