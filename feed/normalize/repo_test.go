package normalize

import (
	"testing"

	"github.com/mmcdole/gofeed"
	ext "github.com/mmcdole/gofeed/extensions"
)

func TestRepo(t *testing.T) {
	for in, want := range map[string]string{
		"https://github.com/chenxi52/FrozenSeg":                 "chenxi52/frozenseg",
		"https://github.com/Owner/Repo.git":                     "owner/repo",
		"http://www.github.com/Owner/Repo/tree/main/src/x.py":   "owner/repo",
		"github.com/hustvl/Vim.":                                "hustvl/vim",
		"Owner/Repo":                                            "owner/repo",
		"https://github.com/owner":                              "",
		"https://github.com/orgs/foo/repositories":              "",
		"https://gitlab.com/owner/repo":                         "",
		"https://github.com/features/copilot":                   "",
		"https://github.com/a_b/c":                              "",
		"https://github.com/owner/repo#readme":                  "owner/repo",
		"https://github.com/Owner/my.repo.name/blob/main/x.md)": "owner/my.repo.name",
	} {
		if got := Repo(in); got != want {
			t.Errorf("Repo(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFirstRepo(t *testing.T) {
	for in, want := range map[string]string{
		"Code is available at https://github.com/chenxi52/FrozenSeg.":                       "chenxi52/frozenseg",
		"See https://gitlab.com/a/b and https://github.com/C/D/tree/main/e":                 "c/d",
		"Our profile github.com/someone is not a repo; code: github.com/Someone/Thing.git.": "someone/thing",
		"no link here, notgithub.com/a/b either":                                            "",
	} {
		if got := FirstRepo(in); got != want {
			t.Errorf("FirstRepo(%q) = %q, want %q", in, got, want)
		}
	}
}

// The repository comes from Hugging Face's githubRepo first, then the
// abstract, then the arXiv comment.
func TestItemRepo(t *testing.T) {
	it := &gofeed.Item{Custom: map[string]string{"hf.githubRepo": "https://github.com/Declared/Repo"}}
	if r, declared := itemRepo(it, "code: https://github.com/other/one"); r != "declared/repo" || !declared {
		t.Errorf("declared: %q %v", r, declared)
	}
	it = &gofeed.Item{Extensions: ext.Extensions{"arxiv": {"comment": {{Value: "12 pages. Code: https://github.com/From/Comment"}}}}}
	if r, declared := itemRepo(it, "an abstract without links"); r != "from/comment" || declared {
		t.Errorf("comment: %q %v", r, declared)
	}
}
