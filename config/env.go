package config

// EnvVar is an environment variable that sets a key of the file; the
// environment wins over the file.
type EnvVar struct {
	Name string // PAPERWIRE_BASE_URL
	Key  string // base_url
	set  func(c *Config, v string)
}

// EnvVars lists every key a container sets from its environment.
func EnvVars() []EnvVar {
	return []EnvVar{
		{"PAPERWIRE_LISTEN", "listen", func(c *Config, v string) { c.Listen = v }},
		{"PAPERWIRE_BASE_URL", "base_url", func(c *Config, v string) { c.BaseURL = v }},
		{"PAPERWIRE_STORAGE_PATH", "storage.path", func(c *Config, v string) { c.Storage.Path = v }},
		{"PAPERWIRE_REDIS_URL", "storage.redis", func(c *Config, v string) { c.Storage.Redis = v }},
		{"PAPERWIRE_STORAGE_PREFIX", "storage.prefix", func(c *Config, v string) { c.Storage.Prefix = v }},
	}
}

// applyEnv sets the keys given in the environment (an empty variable
// counts as unset), remembering which, so problems name the variable.
func (c *Config) applyEnv(getenv func(string) string, p *problems) {
	for _, e := range EnvVars() {
		if v := getenv(e.Name); v != "" {
			e.set(c, v)
			p.env[e.Key] = e.Name
			c.FromEnv = append(c.FromEnv, e.Key+" from "+e.Name)
		}
	}
	c.Signals.GitHub.Token = getenv(GitHubTokenEnv)
}

// GitHubTokenEnv holds the token of GitHub API requests (never in a file).
const GitHubTokenEnv = "PAPERWIRE_GITHUB_TOKEN"
