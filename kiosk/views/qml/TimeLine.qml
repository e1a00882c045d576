import QtQuick
import Lantern

// A calm sense of time: how long the patient has rested, rounded gently, and the time, to the minute.
Column {
    visible: Visit.resting_line !== "" || Visit.clock_line !== ""
    spacing: Theme.size.gap / 4

    Prose {
        objectName: "resting_line"
        width: parent.width
        visible: text !== ""
        soft: true
        text: Visit.resting_line
    }
    Prose {
        objectName: "clock_line"
        width: parent.width
        visible: text !== ""
        soft: true
        text: Visit.clock_line
    }
}
