import { AppShell, Badge, Burger, Button, Group, Loader, NavLink, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { BrowserRouter, Navigate, NavLink as RouterLink, Route, Routes, useLocation } from 'react-router';
import { Provider, useMutation, useQuery } from 'urql';
import { graphql } from '../graphql';
import { LoginPage } from '../features/auth/LoginPage';
import { createClient } from './client';
import { HomePage } from './HomePage';
import { routes } from './routes';
import { session } from './session';
import { abilityOf, MeQuery, useViewer, ViewerContext } from './viewer';

export function App() {
  const [token, setToken] = useState(session.token());
  const signOut = useCallback(() => {
    session.clear();
    setToken(null);
  }, []);
  // A new client per sign-in, so no cached data crosses users.
  const client = useMemo(() => createClient(signOut), [token, signOut]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <Provider value={client}>
      <BrowserRouter>
        {token ? (
          <SignedIn signOut={signOut} />
        ) : (
          <LoginPage
            onSignedIn={(t) => {
              session.set(t);
              setToken(t);
            }}
          />
        )}
      </BrowserRouter>
    </Provider>
  );
}

function SignedIn({ signOut }: { signOut: () => void }) {
  const [{ data, error }] = useQuery({ query: MeQuery });
  const viewer = useMemo(() => (data ? { me: data.me, ability: abilityOf(data.me), signOut } : null), [data, signOut]);
  if (error) {
    return (
      <Stack p="xl">
        <Text c="red">{error.message}</Text>
        <Button onClick={signOut} w={120}>Sign out</Button>
      </Stack>
    );
  }
  if (!viewer) return <Text p="xl">Loading…</Text>;
  return (
    <ViewerContext.Provider value={viewer}>
      <Layout />
    </ViewerContext.Provider>
  );
}

const SignOutEverywhereMutation = graphql(`
  mutation SignOutEverywhere {
    signOutEverywhere
  }
`);

function Layout() {
  const { me, ability, signOut } = useViewer();
  const [{ fetching: endingSessions }, signOutEverywhere] = useMutation(SignOutEverywhereMutation);
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  // On a phone the menu covers the page: close it once a page is picked.
  useEffect(close, [location.pathname, close]);
  const allowed = routes.filter((r) => ability.can(r.can[0], r.can[1]));
  const sections = [...new Set(allowed.map((r) => r.section))];
  const title = routes.find((r) => location.pathname.startsWith(r.path))?.label;
  useEffect(() => {
    document.title = title ? `${title} · Perkflow` : 'Perkflow';
  }, [title]);
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Title order={4}>Perkflow</Title>
          </Group>
          {/* On a phone the e-mail is shortened and the role badges hidden, so the header keeps one line. */}
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" data-testid="signed-in-as" truncate maw={{ base: 120, sm: 'none' }} title={me.email}>{me.email}</Text>
            {me.roles.map((r) => (
              <Badge key={r} variant="light" visibleFrom="sm">{r}</Badge>
            ))}
            <Button variant="default" size="xs" onClick={signOut}>Sign out</Button>
            {/* Ends every session of this user (all devices), this one included. */}
            <Button
              variant="subtle"
              size="xs"
              visibleFrom="sm"
              loading={endingSessions}
              title="Ends your sessions on every device"
              onClick={() => void signOutEverywhere({}).then(signOut)}
            >
              Sign out everywhere
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      {/* Scrolls when the sections outgrow the window (every module adds its pages). */}
      <AppShell.Navbar p="sm" aria-label="Main navigation" style={{ overflowY: 'auto' }}>
        <NavLink component={RouterLink} to="/" label="Home" active={location.pathname === '/'} />
        {sections.map((section) => (
          <div key={section}>
            <Text size="xs" c="dimmed" mt="sm" mb={4} tt="uppercase">{section}</Text>
            {allowed
              .filter((r) => r.section === section)
              .map((r) => (
                <NavLink key={r.path} component={RouterLink} to={r.path} label={r.label} active={location.pathname.startsWith(r.path)} />
              ))}
          </div>
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<Loader aria-label="Loading page" m="xl" />}>
          <Routes>
            <Route path="/" element={<HomePage />} />
            {routes.map((r) => (
              <Route key={r.path} path={`${r.path}/*`} element={ability.can(r.can[0], r.can[1]) ? r.element : <NotAllowed />} />
            ))}
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}

function NotAllowed() {
  return (
    <Stack>
      <Title order={3}>Not allowed</Title>
      <Text role="alert">Your roles do not give access to this page.</Text>
      <Button component={RouterLink} to="/" w={160}>Back home</Button>
    </Stack>
  );
}
