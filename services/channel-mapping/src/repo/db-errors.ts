// Recognising the constraint violations the database uses as the last line of defence.
import { Prisma } from "@cliq/db";

/** A unique constraint refused the write (P2002): someone else holds the channel or room. */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

/** A foreign key refused the write (P2003): the client or room was deleted meanwhile. */
export function isForeignKeyViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2003";
}
