export const signin = {
  title: 'Sign in to the agent console',
  username: 'Username',
  password: 'Password',
  submit: 'Sign in',
  busy: 'Signing in…',
  refused: 'Wrong username or password.',
  throttled: 'Too many attempts. Try again in {seconds} s.',
  noRole: 'This user has none of the roles agent, supervisor or admin; ask an administrator.',
  noAgent: 'This user has no agent record; ask an administrator.',
};
