import type { Configuration } from 'webpack';
import ReplaceInFileWebpackPlugin from 'replace-in-file-webpack-plugin';
import grafanaConfig from './.config/webpack/webpack.config';

type Env = Parameters<typeof grafanaConfig>[0];

/**
 * The scaffold's build, plus one rule: the README shows screenshots from `src/img/`, which the
 * build copies to `img/` beside the README in `dist/`; the links are rewritten so that Grafana's
 * plugin page finds them there as the repository page finds them in `src/img/`.
 */
const config = async (env: Env): Promise<Configuration> => {
  const base = await grafanaConfig(env);
  return {
    ...base,
    plugins: [
      ...(base.plugins ?? []),
      new ReplaceInFileWebpackPlugin([
        { dir: 'dist', test: [/(^|\/)README\.md$/], rules: [{ search: /\]\(src\/img\//g, replace: '](img/' }] },
      ]),
    ],
  };
};

export default config;
