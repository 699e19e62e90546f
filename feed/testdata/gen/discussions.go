package main

import (
	"fmt"

	"github.com/paperwire/paperwire/feed/feedtest"
)

// discussionFixtures are the places that talk about papers (Hacker News,
// Reddit, a blog) and a papers feed that is not arXiv (bioRxiv).
func discussionFixtures(papers []*Paper) map[string][]byte {
	return map[string][]byte{
		"hnrss.rss":   feedtest.HNRSS(feedtest.HNFeed{Query: "arxiv.org", Built: utc("2024-03-26T19:45:02Z"), Items: hnItems(papers)}),
		"reddit.atom": feedtest.RedditAtom(subreddit(papers)),
		"blog.rss":    feedtest.BlogRSS(blog(papers)),
		"biorxiv.rss": feedtest.BiorxivRDF("Bioinformatics", biorxivItems),
	}
}

// hnItems link papers every way a paper can be linked (alphaxiv, Hugging
// Face, arXiv html, abs and pdf), between stories that are no paper.
func hnItems(papers []*Paper) []feedtest.HNItem {
	return []feedtest.HNItem{ // newest first, as hnrss lists them
		{ID: 39832411, Title: papers[93].Title, URL: "https://www.alphaxiv.org/abs/" + papers[93].ID, User: "quant_dabbler", Points: 4, Comments: 0, At: utc("2024-03-26T19:41:07Z")},
		{ID: 39829907, Title: "ArXiv.org now receives more than 20,000 papers a month", URL: "https://www.theverge.com/2024/3/26/24112233/arxiv-preprint-growth-ai-papers", User: "rbanffy", Points: 9, Comments: 3, At: utc("2024-03-26T16:22:50Z")},
		{ID: 39825530, Title: "Show HN: Papertrail – follow arxiv.org listings from your terminal", URL: "https://github.com/nilsbeck/papertrail", User: "nilsbeck", Points: 14, Comments: 6, At: utc("2024-03-26T09:15:02Z")},
		{ID: 39821187, Title: papers[70].Title, URL: "https://huggingface.co/papers/" + papers[70].ID, User: "tosh", Points: 21, Comments: 7, At: utc("2024-03-25T22:03:44Z")},
		{ID: 39817240, Title: papers[12].Title, URL: "https://arxiv.org/html/" + papers[12].VID(1), User: "jonbaer", Points: 3, Comments: 1, At: utc("2024-03-25T17:30:12Z")},
		{ID: 39814671, Title: papers[0].Title, URL: "https://arxiv.org/abs/" + papers[0].ID, User: "sigmoidal", Points: 57, Comments: 12, At: utc("2024-03-25T14:08:55Z")},
		{ID: 39812958, Title: papers[61].Title + " [pdf]", URL: "https://arxiv.org/pdf/" + papers[61].VID(2) + ".pdf", User: "gmays", Points: 2, Comments: 0, At: utc("2024-03-25T11:47:31Z")},
	}
}

// subreddit is r/MachineLearning: papers linked from a link post and from
// post bodies (abs, export.arxiv.org, ar5iv), and a post with no paper.
func subreddit(papers []*Paper) feedtest.Subreddit {
	return feedtest.Subreddit{
		Name: "MachineLearning", Title: "Machine Learning", Updated: utc("2024-03-26T15:30:02Z"),
		Subtitle: "Beginners -> /r/mlquestions , AGI -> /r/singularity, career advices -> /r/cscareerquestions, datasets -> r/datasets",
		Posts:    redditPosts(papers),
	}
}

func redditPosts(papers []*Paper) []feedtest.RedditPost {
	fs, co, sk, dp := papers[0], papers[86], papers[56], papers[20]
	html := feedtest.EscapeHTML
	return []feedtest.RedditPost{
		{ID: "1bo9zt4", User: "tired_phd_student", At: utc("2024-03-26T15:12:40Z"),
			Title: "[D] How do you keep up with cs.CV these days?",
			Body: []string{
				html("The daily cs.CV listing is regularly 150+ new papers. I skim titles in an RSS reader, but I'm missing things that only get popular a week later."),
				html("What's your workflow? Do you rely on trending lists, Twitter, or just your advisor's Slack channel?"),
			}},
		{ID: "1bnx2kd", User: "meshy_mcmeshface", At: utc("2024-03-26T08:41:09Z"),
			Title: "[R] " + dp.Title, Link: "https://arxiv.org/pdf/" + dp.ID},
		{ID: "1bnq7fe", User: "distill_all_the_things", At: utc("2024-03-25T23:58:31Z"),
			Title: "[R] " + sk.Title,
			Body: []string{
				"Paper (HTML version): " + feedtest.Anchor("https://ar5iv.labs.arxiv.org/html/"+sk.ID),
				html(sentences(sk.Abstract, 2)),
				html("Curious whether anyone has tried this with a ConvNeXt student instead of ResNet."),
			}},
		{ID: "1bnkc3w", User: "detr_enjoyer", At: utc("2024-03-25T19:20:15Z"),
			Title: "[R] " + co.Title,
			Body:  []string{"Abstract page: " + feedtest.Anchor("http://export.arxiv.org/abs/"+co.VID(1)), html(sentences(co.Abstract, 1))}},
		{ID: "1bn3f0q", User: "open_vocab_fan", At: utc("2024-03-25T06:03:52Z"),
			Title: "[R] " + fs.Title,
			Body: []string{
				"Paper: " + feedtest.Anchor("https://arxiv.org/abs/"+fs.ID),
				html(sentences(fs.Abstract, 2)),
				html("They freeze both SAM and CLIP and only train the decoder, which is a nice change from the usual \"fine-tune everything\" approach."),
			}},
	}
}

const blogBase = "https://pixelsandpriors.example.net"

// blog is a WordPress blog: an arXiv DOI link, abs and Hugging Face links
// in one post, a bioRxiv DOI, and a post with no paper.
func blog(papers []*Paper) feedtest.Blog {
	return feedtest.Blog{
		Title: "Pixels & Priors", Base: blogBase, Description: "Notes on computer vision papers, mostly",
		Author: "Nina Weiss", Built: utc("2024-03-27T07:12:44Z"), Posts: blogPosts(papers),
	}
}

// link is an HTML link with escaped text.
func link(href, text string) string {
	return fmt.Sprintf(`<a href="%s">%s</a>`, feedtest.EscapeAttr(href), feedtest.EscapeHTML(text))
}

func blogPosts(papers []*Paper) []feedtest.BlogPost {
	fs, mv, ca := papers[0], papers[68], papers[27]
	html := feedtest.EscapeHTML
	return []feedtest.BlogPost{
		{ID: 418, Slug: "2024/03/27/frozen-backbones-frozenseg", At: utc("2024-03-27T07:12:44Z"), Category: "Paper notes",
			Title:   "Frozen backbones are having a moment: notes on FrozenSeg",
			Excerpt: "FrozenSeg keeps both SAM and CLIP frozen and still improves open-vocabulary segmentation. Here is why I think the mask-proposal angle matters.",
			HTML: "<p>This week&#8217;s favourite: " + link("https://doi.org/10.48550/arXiv."+fs.ID, fs.Title) + ".</p>\n" +
				"<blockquote><p>" + html(sentences(fs.Abstract, 1)) + "</p></blockquote>\n" +
				"<p>The trick is that neither foundation model is fine-tuned; only a small transformer decoder is trained, and the mask proposals get better recall.</p>\n"},
		{ID: 412, Slug: "2024/03/26/two-papers-maxvit-ctrl-adapter", At: utc("2024-03-26T18:30:05Z"), Category: "Reading list",
			Title:   "Two papers I read this week",
			Excerpt: "Multi-axis attention and plug-in control adapters for diffusion: two very different papers, one recurring theme.",
			HTML: "<p>First up is " + link("https://arxiv.org/abs/"+mv.ID, "MaxViT") + ", which splits attention into blocked local and dilated global parts.</p>\n" +
				"<p>Second, " + link("https://huggingface.co/papers/"+ca.ID, "Ctrl-Adapter") + " bolts existing ControlNets onto new image and video diffusion backbones.</p>\n" +
				"<p>Both are about reusing what already works.</p>\n"},
		{ID: 405, Slug: "2024/03/25/a-biorxiv-preprint-on-cell-segmentation", At: utc("2024-03-25T12:00:31Z"), Category: "Off-topic",
			Title:   "Off-topic: the cell segmentation preprint I keep coming back to",
			Excerpt: "Not an arXiv paper for once: a bioRxiv preprint whose evaluation protocol more vision papers should copy.",
			HTML: "<p>Not everything I read is on arXiv. This " + link("https://doi.org/10.1101/857789", "bioRxiv preprint") + " has the cleanest segmentation benchmark design I have seen.</p>\n" +
				"<p>Worth a read if you care about evaluation.</p>\n"},
		{ID: 398, Slug: "2024/03/22/rebuilding-my-reading-workflow", At: utc("2024-03-22T16:45:10Z"), Category: "Meta",
			Title:   "Rebuilding my reading workflow",
			Excerpt: "Fewer tabs, one feed reader, and a rule: every paper gets a three-sentence note or it gets closed.",
			HTML: "<p>I am moving all my paper reading into one feed reader and writing a three-sentence note for each paper.</p>\n" +
				"<p>Older notes live in the " + link(blogBase+"/category/paper-notes/", "paper notes archive") + ".</p>\n"},
	}
}

var biorxivItems = []feedtest.BiorxivItem{
	{DOI: "10.1101/2024.03.20.585000", Date: utc("2024-03-23T00:00:00Z"),
		Title:    "Self-supervised segmentation of organelles in cryo-electron tomograms with frozen vision foundation models",
		Creator:  "Okafor, H., Lindqvist, B., Mensah, K.",
		Abstract: "Annotating organelles in cryo-electron tomograms remains a bottleneck for structural cell biology. We show that features from a frozen, natural-image vision foundation model, combined with a lightweight decoder trained on fewer than 20 annotated slices, segment mitochondria and the endoplasmic reticulum with accuracy comparable to fully supervised 3D U-Nets. Code and trained decoders are released."},
	{DOI: "10.1101/2024.03.21.586112", Date: utc("2024-03-24T00:00:00Z"),
		Title:    "A benchmark of cell tracking methods across twelve live-imaging datasets",
		Creator:  "Silva, P., Nakamura, H., Fischer, T., Costa, E.",
		Abstract: "Cell tracking methods are usually evaluated on a handful of datasets with inconsistent metrics. We assemble twelve live-imaging datasets spanning bacteria, yeast and mammalian cells, re-annotate lineages with a common protocol, and benchmark nine tracking methods. No single method wins across imaging modalities, and linking errors after division dominate the remaining failures."},
	{DOI: "10.1101/2024.03.19.585731", Date: utc("2024-03-22T00:00:00Z"),
		Title:    "Protein language model embeddings predict subcellular localisation from sequence alone",
		Creator:  "Haddad, S., Johansson, I.",
		Abstract: "We evaluate embeddings from four protein language models as inputs to a simple attention-pooling classifier for subcellular localisation. Across ten compartments the classifier reaches a macro F1 of 0.71 on a homology-partitioned test set, outperforming methods that rely on multiple sequence alignments while running two orders of magnitude faster."},
}
