package explore

import "container/list"

// lru is a map of at most capacity entries that forgets the least recently
// used one first. It is not safe for concurrent use; the server locks it.
type lru[V any] struct {
	capacity int
	order    *list.List // front: most recently used; elements hold *entry[V]
	index    map[string]*list.Element
}

type entry[V any] struct {
	key   string
	value V
}

func newLRU[V any](capacity int) *lru[V] {
	return &lru[V]{capacity: max(capacity, 1), order: list.New(), index: map[string]*list.Element{}}
}

// get returns the value of key and marks it used.
func (c *lru[V]) get(key string) (V, bool) {
	if e, ok := c.index[key]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*entry[V]).value, true
	}
	var zero V
	return zero, false
}

// put stores value under key, forgetting the least recently used entry
// when the cache is full.
func (c *lru[V]) put(key string, value V) {
	if e, ok := c.index[key]; ok {
		e.Value.(*entry[V]).value = value
		c.order.MoveToFront(e)
		return
	}
	c.index[key] = c.order.PushFront(&entry[V]{key: key, value: value})
	for c.order.Len() > c.capacity {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.index, last.Value.(*entry[V]).key)
	}
}

func (c *lru[V]) len() int { return c.order.Len() }
