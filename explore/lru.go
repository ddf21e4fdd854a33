package explore

import "container/list"

// lru is a map of at most capacity entries that forgets the least recently
// used one first. It is not safe for concurrent use; the server locks it.
type lru[K comparable, V any] struct {
	capacity int
	order    *list.List // front: most recently used; elements hold *entry[K, V]
	index    map[K]*list.Element
}

type entry[K comparable, V any] struct {
	key   K
	value V
}

func newLRU[K comparable, V any](capacity int) *lru[K, V] {
	return &lru[K, V]{capacity: max(capacity, 1), order: list.New(), index: map[K]*list.Element{}}
}

// get returns the value of key and marks it used.
func (c *lru[K, V]) get(key K) (V, bool) {
	if e, ok := c.index[key]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*entry[K, V]).value, true
	}
	var zero V
	return zero, false
}

// put stores value under key, forgetting the least recently used entry
// when the cache is full.
func (c *lru[K, V]) put(key K, value V) {
	if e, ok := c.index[key]; ok {
		e.Value.(*entry[K, V]).value = value
		c.order.MoveToFront(e)
		return
	}
	c.index[key] = c.order.PushFront(&entry[K, V]{key: key, value: value})
	for c.order.Len() > c.capacity {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.index, last.Value.(*entry[K, V]).key)
	}
}

func (c *lru[K, V]) len() int { return c.order.Len() }
