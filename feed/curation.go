package feed

import (
	"slices"
	"time"
)

// Apply returns c after one action and whether it changed. A pin
// lifts a ban and a ban lifts a pin; pins keep their order, bans are
// sorted. Backends share it so that they agree byte for byte.
func (c Curation) Apply(key Key, action CurateAction, at time.Time) (Curation, bool) {
	pins, bans := slices.Clone(c.Pins), slices.Clone(c.Bans)
	switch action {
	case Pin:
		bans = remove(bans, key)
		if !slices.Contains(pins, key) {
			pins = append(pins, key)
		}
	case Unpin:
		pins = remove(pins, key)
	case Ban:
		pins = remove(pins, key)
		if !slices.Contains(bans, key) {
			bans = append(bans, key)
			slices.Sort(bans)
		}
	case Unban:
		bans = remove(bans, key)
	}
	if slices.Equal(pins, c.Pins) && slices.Equal(bans, c.Bans) {
		return c, false
	}
	return Curation{Pins: nilIfEmpty(pins), Bans: nilIfEmpty(bans), ChangedAt: at.UTC()}, true
}

// nilIfEmpty keeps "no pins" one value, so stored and returned agree.
func nilIfEmpty(list []Key) []Key {
	if len(list) == 0 {
		return nil
	}
	return list
}

func remove(list []Key, key Key) []Key {
	return slices.DeleteFunc(list, func(k Key) bool { return k == key })
}
