"""People: learners, with the fields 宁波 第二十二条 and 金华（七） require."""
