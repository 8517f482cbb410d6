/* Freeing what the readers of import.h build.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <stdlib.h>

#include "import.h"

static void free_own_fields(import_entry *entry)
{
    free(entry->name);
    free(entry->extents);
    free(entry->inline_data);
}

/* Walks down with an explicit stack rather than recursion: a tree read from a hostile disc may be as
 * deep as import_limits allows. */
static void free_entry(import_entry *top)
{
    struct frame {
        import_entry *dir;
        uint32_t next;
    } *stack = NULL, *grown;
    size_t depth = 0, capacity = 0;

    free_own_fields(top);
    if (!top->children)
        return;
    stack = malloc(16 * sizeof *stack);
    if (!stack)
        return; /* out of memory while freeing: leak rather than crash */
    capacity = 16;
    stack[depth++] = (struct frame){top, 0};
    while (depth > 0) {
        struct frame *frame = &stack[depth - 1];
        if (frame->next == frame->dir->child_count) {
            free(frame->dir->children);
            depth--;
            continue;
        }
        import_entry *child = &frame->dir->children[frame->next++];
        free_own_fields(child);
        if (!child->children)
            continue;
        if (depth == capacity) {
            grown = realloc(stack, capacity * 2 * sizeof *stack);
            if (!grown) {
                free(child->children); /* what lies below it leaks; nothing else does */
                continue;
            }
            stack = grown;
            capacity *= 2;
        }
        stack[depth++] = (struct frame){child, 0};
    }
    free(stack);
}

void import_tree_free(import_tree *tree)
{
    if (!tree)
        return;
    free_entry(&tree->root);
    free(tree);
}
