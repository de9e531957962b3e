import { Alert, Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useMutation } from 'urql';
import { errorMessage } from '../../app/api-errors';
import { graphql } from '../../graphql';

const LoginMutation = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      token
    }
  }
`);

export function LoginPage({ onSignedIn }: { onSignedIn: (token: string) => void }) {
  const { register, handleSubmit, formState } = useForm<{ email: string; password: string }>({ defaultValues: { email: '', password: '' } });
  const [{ fetching }, login] = useMutation(LoginMutation);
  const [error, setError] = useState<string | null>(null);
  const submit = handleSubmit(async (values) => {
    setError(null);
    const result = await login(values);
    if (result.data) onSignedIn(result.data.login.token);
    else setError(errorMessage(result.error));
  });
  return (
    <Center h="100vh">
      <Paper withBorder shadow="sm" p="xl" w={380}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Title order={2}>Perkflow</Title>
            <TextInput label="E-mail" autoComplete="username" autoFocus {...register('email', { required: 'Enter your e-mail' })} error={formState.errors.email?.message} />
            <PasswordInput label="Password" autoComplete="current-password" {...register('password', { required: 'Enter your password' })} error={formState.errors.password?.message} />
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Button type="submit" loading={fetching}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
