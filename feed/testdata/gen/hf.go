package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/paperwire/paperwire/feed/feedtest"
)

// hfPick describes one daily-papers entry. Upvotes or Stars < 0 drop the key;
// NoRepo drops githubRepo; Ragged gives the summary double spaces and a
// trailing newline.
type hfPick struct {
	Seed, Upvotes, Stars, Comments int
	NoRepo, Ragged, ByAuthor       bool
	Handle                         string // submitter's HF handle when ByAuthor
	AISummary                      string
	Keywords                       []string
}

var hfPicks = []hfPick{
	{Seed: 0, Upvotes: 57, Stars: 120, Comments: 3,
		AISummary: "FrozenSeg combines a frozen SAM-style localization model with a frozen CLIP model, training only a light transformer decoder to improve mask proposals for open-vocabulary segmentation.",
		Keywords:  []string{"open-vocabulary segmentation", "foundation models", "CLIP", "SAM", "mask proposals", "transformer decoder"}},
	{Seed: 70, Upvotes: 44, Stars: 2650, Comments: 5,
		AISummary: "Vim builds a generic vision backbone from bidirectional Mamba state space blocks with position embeddings, matching DeiT accuracy while being faster and far more memory efficient at high resolution.",
		Keywords:  []string{"Vision Mamba", "state space models", "bidirectional SSM", "position embeddings", "ImageNet", "high-resolution images"}},
	{Seed: 12, Upvotes: 31, Stars: 88, Comments: 1,
		AISummary: "DEYOLO fuses RGB and infrared features with dual semantic and spatial enhancement modules to improve YOLO object detection in poor illumination.",
		Keywords:  []string{"DEYOLO", "RGB-infrared fusion", "object detection", "YOLO", "feature enhancement"}},
	{Seed: 67, Upvotes: 23, Comments: 2, NoRepo: true,
		AISummary: "ECoDepth conditions a diffusion-based monocular depth estimator on ViT image embeddings instead of pseudo captions, improving zero-shot depth accuracy.",
		Keywords:  []string{"monocular depth estimation", "diffusion models", "ViT embeddings", "zero-shot transfer", "NYU Depth v2"}},
	{Seed: 57, Upvotes: 18, Stars: 310, Comments: 0, Ragged: true,
		AISummary: "DSVT is a window-based sparse voxel transformer with rotated sets and attention-style pooling that runs on standard deep learning tooling for 3D detection.",
		Keywords:  []string{"sparse voxel transformer", "rotated sets", "3D object detection", "point clouds", "Waymo", "nuScenes"}},
	{Seed: 89, Upvotes: 12, Stars: 4730, Comments: 0,
		AISummary: "SSD predicts category scores and box offsets over default boxes from multi-scale feature maps in a single network pass, removing the proposal stage.",
		Keywords:  []string{"single shot detector", "default boxes", "multi-scale feature maps", "object detection", "PASCAL VOC"}},
	{Seed: 74, Upvotes: 9, Stars: -1, Comments: 1,
		AISummary: "FaceChain is a personalized portrait generation framework that injects face models into a text-to-image pipeline to keep identity with few input photos.",
		Keywords:  []string{"personalized portrait generation", "text-to-image", "face detection", "face recognition", "LoRA"}},
	{Seed: 29, Upvotes: -1, Stars: 45, Comments: 4, ByAuthor: true, Handle: "flefevre",
		AISummary: "SplatFlow adds a differentiable splatting transformation to multi-frame optical flow so that motion features from earlier frames help resolve occlusions.",
		Keywords:  []string{"optical flow", "splatting", "multi-frame", "occlusion", "KITTI", "Sintel"}},
}

// hfTrendingPicks are https://huggingface.co/api/daily_papers?sort=trending:
// the same schema, ordered by the growth of the papers' repositories,
// papers of several days, one without a repository.
var hfTrendingPicks = []hfPick{
	{Seed: 70, Upvotes: 61, Stars: 2980, Comments: 7,
		AISummary: "Vim builds a generic vision backbone from bidirectional Mamba blocks.",
		Keywords:  []string{"Vision Mamba", "state space models"}},
	{Seed: 2, Upvotes: 25, Stars: 1475, Comments: 2,
		AISummary: "TaskExpert assembles multi-task representations with a memorial mixture of experts.",
		Keywords:  []string{"multi-task learning", "mixture of experts"}},
	{Seed: 0, Upvotes: 70, Stars: 412, Comments: 4,
		AISummary: "FrozenSeg combines frozen localization and vision-language foundation models.",
		Keywords:  []string{"open-vocabulary segmentation"}},
	{Seed: 67, Upvotes: 30, Comments: 2, NoRepo: true,
		AISummary: "ECoDepth conditions diffusion-based depth estimation on ViT embeddings.",
		Keywords:  []string{"monocular depth estimation"}},
}

// hfFixtures are the daily and the trending papers lists.
func hfFixtures(papers []*Paper) map[string][]byte {
	return map[string][]byte{
		"hf-daily.json":    hfList(papers, hfPicks, day("2024-03-25")),
		"hf-trending.json": hfList(papers, hfTrendingPicks, day("2024-03-27")),
	}
}

func hfList(papers []*Paper, picks []hfPick, daily time.Time) []byte {
	var out []feedtest.HFEntry
	for _, pick := range picks {
		out = append(out, hfEntry(papers[pick.Seed], pick, daily))
	}
	return must(feedtest.HFPapers(out))
}

// hfEntry is a pick as the list of daily shows it: put on the list a few
// hours after 09:00 UTC.
func hfEntry(p *Paper, pick hfPick, daily time.Time) feedtest.HFEntry {
	onDaily := daily.UTC().Add(time.Duration(9*3600+hashN(p.ID, 5*3600)) * time.Second)
	return feedtest.HFEntry{
		Paper:                 hfPaper(p, pick, onDaily),
		PublishedAt:           onDaily.Format(feedtest.HFMillis),
		Title:                 p.Title,
		Thumbnail:             feedtest.HFThumbnail(p.ID),
		NumComments:           pick.Comments,
		SubmittedBy:           submitter(p, pick, daily),
		IsAuthorParticipating: pick.ByAuthor,
	}
}

func hfPaper(p *Paper, pick hfPick, onDaily time.Time) feedtest.HFPaper {
	hp := feedtest.HFPaper{
		ID: p.ID, PublishedAt: submitted(p, p.Announced, "v1").Format(feedtest.HFMillis), SubmittedOnDailyAt: onDaily.Format(feedtest.HFMillis),
		Title: p.Title, Summary: p.Abstract, DiscussionID: feedtest.ObjectID(onDaily, "discussion/"+p.ID),
		AISummary: pick.AISummary, AIKeywords: pick.Keywords,
	}
	for j, name := range p.UnicodeAuthors() {
		hp.Authors = append(hp.Authors, feedtest.HFAuthor{ID: feedtest.ObjectID(onDaily, fmt.Sprintf("author/%s/%d", p.ID, j)), Name: name})
	}
	if pick.Upvotes >= 0 {
		hp.Upvotes = &pick.Upvotes
	}
	if !pick.NoRepo && p.Code != "" {
		hp.GithubRepo = &p.Code
		if pick.Stars >= 0 {
			hp.GithubStars = &pick.Stars
		}
	}
	if pick.Ragged {
		hp.Summary = strings.Replace(p.Abstract, ". ", ".  ", 2) + "\n"
	}
	return hp
}

// submitter is AK, or the paper's first author under their handle.
func submitter(p *Paper, pick hfPick, daily time.Time) feedtest.HFUser {
	if !pick.ByAuthor {
		return feedtest.HFAK
	}
	return feedtest.HFUser{
		ID: feedtest.ObjectID(daily, "user/"+pick.Handle), AvatarURL: "/avatars/" + feedtest.HashHex(pick.Handle, 32) + ".svg",
		Fullname: p.UnicodeAuthors()[0], Name: pick.Handle, Type: "user",
	}
}
