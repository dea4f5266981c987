import type { TagManager } from 'aws-cdk-lib';
import type { ResourceTagProperties } from '../contract/wire';

/** `[{Key, Value}]` sorted by key (TagManager's order), or nothing when there are no tags. */
export function renderTags(tags: TagManager): ResourceTagProperties[] | undefined {
  const rendered = tags.renderTags() as ResourceTagProperties[] | undefined;
  return rendered && rendered.length > 0 ? rendered : undefined;
}
