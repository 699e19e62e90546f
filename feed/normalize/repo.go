package normalize

import (
	"strings"

	"github.com/mmcdole/gofeed"
)

// maxRepoScan bounds how much of a text is searched for a repository link.
const maxRepoScan = 64 << 10

// notOwners are github.com paths that are not a user or organisation.
var notOwners = map[string]bool{
	"about": true, "apps": true, "collections": true, "features": true, "login": true, "marketplace": true,
	"orgs": true, "pricing": true, "settings": true, "site": true, "sponsors": true, "topics": true, "users": true,
}

// Repo normalises a GitHub repository reference — a URL such as
// https://github.com/Owner/Repo.git/tree/main/src, or "Owner/Repo" —
// into "owner/repo", lower case. It returns "" for anything that names
// no repository (another host, a user page, GitHub's own pages).
func Repo(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"https://", "http://", "www."} {
		s = strings.TrimPrefix(s, p)
	}
	if rest, ok := strings.CutPrefix(strings.ToLower(s), "github.com/"); ok {
		s = s[len(s)-len(rest):]
	} else if strings.Contains(s, ".") && strings.Index(s, ".") < strings.Index(s+"/", "/") {
		return "" // another host
	}
	parts := strings.SplitN(s, "/", 3)
	if len(parts) < 2 {
		return ""
	}
	owner, name := strings.ToLower(parts[0]), strings.ToLower(cutRepoName(parts[1]))
	if !validOwner(owner) || notOwners[owner] || !validName(name) {
		return ""
	}
	return owner + "/" + name
}

// cutRepoName ends a repository name at the first character GitHub does
// not allow in one, and drops ".git" and trailing sentence dots.
func cutRepoName(s string) string {
	end := strings.IndexFunc(s, func(r rune) bool { return !isRepoChar(r) })
	if end >= 0 {
		s = s[:end]
	}
	s = strings.TrimRight(s, ".")
	s = strings.TrimSuffix(s, ".git")
	return strings.TrimRight(s, ".")
}

func isRepoChar(r rune) bool {
	return r == '-' || r == '_' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

func validOwner(s string) bool {
	if s == "" || len(s) > 39 || s[0] == '-' {
		return false
	}
	for _, r := range s {
		if r != '-' && !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func validName(s string) bool {
	return s != "" && len(s) <= 100 && s != "." && s != ".."
}

// FirstRepo returns the first github.com/OWNER/REPO link in text,
// normalised, or "".
func FirstRepo(text string) string {
	text = text[:min(len(text), maxRepoScan)]
	lower := strings.ToLower(text)
	for i := 0; ; {
		j := strings.Index(lower[i:], "github.com/")
		if j < 0 {
			return ""
		}
		i += j
		if i == 0 || !isRepoChar(rune(lower[i-1])) || lower[i-1] == '.' && strings.HasSuffix(lower[:i], "www.") {
			if r := Repo(text[i:]); r != "" {
				return r
			}
		}
		i += len("github.com/")
	}
}

// itemRepo is the repository of a paper item: the one the source names
// (Hugging Face's githubRepo), else the first GitHub link of the
// abstract, else of the arXiv comment ("Code: https://github.com/…").
func itemRepo(it *gofeed.Item, abstract string) (repo string, declared bool) {
	if r := Repo(it.Custom["hf.githubRepo"]); r != "" {
		return r, true
	}
	if r := FirstRepo(abstract); r != "" {
		return r, false
	}
	return FirstRepo(arxivExt(it, "comment")), false
}
