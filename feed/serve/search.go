package serve

import (
	"context"
	"errors"
	"net/http"

	"github.com/paperwire/paperwire/feed"
	"github.com/paperwire/paperwire/feed/render"
	"github.com/paperwire/paperwire/feed/topic"
)

// searchLimit is a query feed's number of items without ?limit=.
const searchLimit = 50

// Searcher answers queries from an index that follows the store.
type Searcher interface {
	// Search returns the best n papers matching q and the index version
	// the answer reflects.
	Search(ctx context.Context, q *topic.Query, n int) ([]*feed.Paper, uint64, error)
	// Version grows whenever some query's answer may change.
	Version() uint64
}

// handleSearch serves /search (HTML) and /search.{rss,atom,json}: a bad
// query is a 400 that says why, in plain text for a feed and on the
// search page for HTML.
func (s *server) handleSearch(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.Searches == nil {
			http.Error(w, "search is not enabled on this server", http.StatusNotFound)
			return
		}
		params := r.URL.Query()
		raw, ok := params["q"]
		if format == "html" && !ok {
			s.searchForm.serve(w, r, s.Site.MaxAge())
			return
		}
		q, err := topic.ParseQuery(first(raw))
		limit := searchLimit
		if err == nil {
			limit, err = parseLimit(params.Get("limit"), searchLimit)
		}
		if err != nil {
			s.badQuery(w, r, format, first(raw), err)
			return
		}
		rep, err := s.Searches.Get(r.Context(), q, format, limit)
		if err != nil {
			s.unavailable(w, "search", format, err)
			return
		}
		rep.serve(w, r, s.Site.MaxAge())
	}
}

func first(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

// badQuery answers 400 with the reason on one line, or the search page
// showing it.
func (s *server) badQuery(w http.ResponseWriter, r *http.Request, format, raw string, err error) {
	reason := err.Error()
	if errors.Is(err, topic.ErrBadQuery) {
		reason = "bad query: " + reason[len(topic.ErrBadQuery.Error()+": "):]
	}
	w.Header().Set("Cache-Control", "no-store")
	if format != "html" {
		http.Error(w, reason, http.StatusBadRequest)
		return
	}
	body, rerr := s.pages.Search(render.Page{}, raw, reason)
	if rerr != nil {
		s.Logger.Error("render search page", "err", rerr)
		http.Error(w, reason, http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusBadRequest)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// searchPage reads a query's results: the best limit papers, valued as
// a topic's items are at the page's time.
func searchPage(ctx context.Context, idx Searcher, q *topic.Query, limit int) (render.Page, uint64, error) {
	papers, version, err := idx.Search(ctx, q, limit)
	if err != nil {
		return render.Page{}, 0, err
	}
	page := render.Page{Topic: feed.Topic{Slug: "search", Title: "papers matching " + q.String(), Limit: limit}, Query: q.String()}
	for _, p := range papers {
		page.Items = append(page.Items, render.Item{Paper: p})
	}
	date(&page)
	return page, version, nil
}
