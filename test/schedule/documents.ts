/** The schedule's client documents shared by its tests (the round trips measure this one). */
export const SCHEDULE_DAY = /* GraphQL */ `
  query ScheduleDay($year: Int!, $date: String!) {
    scheduleDay(year: $year, date: $date) {
      date
      release
      rooms {
        id
        name
        capacity
      }
      slots {
        id
        title
        type
        roomId
        roomName
        startsAt
        endsAt
        speakers {
          stakeholder {
            id
            name
            group
            region
          }
          role
          attendance
        }
      }
    }
  }
`;
