/** The study topics port: what admins publish (`发布`) or plan (`学习计划`). Removal is `DirectoryStore.removeFromDirectory`. */
import type { StudyTopic } from '../model.js';

export interface TopicStore {
  /** Topics in the order they were last saved. */
  listTopics(): Promise<readonly StudyTopic[]>;
  /** Upserts by id; a re-saved topic moves to the end. */
  saveTopic(topic: StudyTopic): Promise<void>;
}
