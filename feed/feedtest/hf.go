package feedtest

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// HFEntry is one element of Hugging Face's daily papers list
// (huggingface.co/api/daily_papers), with the keys the API sends.
type HFEntry struct {
	Paper                 HFPaper `json:"paper"`
	PublishedAt           string  `json:"publishedAt"`
	Title                 string  `json:"title"`
	Thumbnail             string  `json:"thumbnail"`
	NumComments           int     `json:"numComments"`
	SubmittedBy           HFUser  `json:"submittedBy"`
	IsAuthorParticipating bool    `json:"isAuthorParticipating"`
}

// HFPaper is the paper of an HFEntry. A nil Upvotes, GithubRepo or
// GithubStars leaves its key out, as the API does for some papers.
type HFPaper struct {
	ID                 string     `json:"id"`
	Authors            []HFAuthor `json:"authors"`
	PublishedAt        string     `json:"publishedAt"`
	SubmittedOnDailyAt string     `json:"submittedOnDailyAt"`
	Title              string     `json:"title"`
	Summary            string     `json:"summary"`
	Upvotes            *int       `json:"upvotes,omitempty"`
	DiscussionID       string     `json:"discussionId"`
	GithubRepo         *string    `json:"githubRepo,omitempty"`
	GithubStars        *int       `json:"githubStars,omitempty"`
	AISummary          string     `json:"ai_summary"`
	AIKeywords         []string   `json:"ai_keywords"`
}

// HFAuthor is an author of an HFPaper.
type HFAuthor struct {
	ID     string `json:"_id"`
	Name   string `json:"name"`
	Hidden bool   `json:"hidden"`
}

// HFUser is who submitted a paper to the daily list.
type HFUser struct {
	ID        string `json:"_id"`
	AvatarURL string `json:"avatarUrl"`
	Fullname  string `json:"fullname"`
	Name      string `json:"name"`
	Type      string `json:"type"`
}

// HFMillis is the API's time format.
const HFMillis = "2006-01-02T15:04:05.000Z"

// HFAK is the user who submits most daily papers.
var HFAK = HFUser{ID: "60f1abe7544c2adfd699860c", AvatarURL: "https://cdn-avatars.huggingface.co/v1/production/uploads/1674929746905-60f1abe7544c2adfd699860c.jpeg", Fullname: "AK", Name: "akhaliq", Type: "user"}

// HFPapers writes a daily papers list as the API does: compact, < > &
// not escaped, no trailing newline.
func HFPapers(entries []HFEntry) ([]byte, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(entries); err != nil {
		return nil, fmt.Errorf("feedtest: encode daily papers: %w", err)
	}
	return []byte(strings.TrimSuffix(b.String(), "\n")), nil
}

// HFThumbnail is the social thumbnail of the paper with arXiv id id.
func HFThumbnail(id string) string {
	return "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/" + id + ".png"
}

// Daily is one paper of a synthetic Hugging Face daily papers list.
type Daily struct {
	Paper    Paper
	Upvotes  int
	Stars    int // githubStars, when the paper names a repository
	Comments int
}

// HFDaily writes a Hugging Face daily papers list of date: paper k
// submitted at 09:00 UTC plus k × 10 minutes, by AK.
func HFDaily(date time.Time, papers []Daily) ([]byte, error) {
	out := make([]HFEntry, len(papers))
	for k, d := range papers {
		at := date.UTC().Add(time.Duration(9*3600+k*600) * time.Second)
		out[k] = d.entry(at)
	}
	return HFPapers(out)
}

func (d Daily) entry(at time.Time) HFEntry {
	p, stamp := d.Paper, at.Format(HFMillis)
	hp := HFPaper{
		ID: p.ID, PublishedAt: stamp, SubmittedOnDailyAt: stamp, Title: p.Title, Summary: p.Abstract,
		Upvotes: &d.Upvotes, DiscussionID: ObjectID(at, "discussion/"+p.ID), AIKeywords: []string{},
	}
	for j, name := range p.Authors {
		hp.Authors = append(hp.Authors, HFAuthor{ID: ObjectID(at, fmt.Sprintf("author/%s/%d", p.ID, j)), Name: name})
	}
	if p.Code != "" {
		hp.GithubRepo, hp.GithubStars = &p.Code, &d.Stars
	}
	return HFEntry{Paper: hp, PublishedAt: stamp, Title: p.Title, Thumbnail: HFThumbnail(p.ID), NumComments: d.Comments, SubmittedBy: HFAK}
}
